import { isIP } from 'node:net';

/** A tenant-supplied webhook URL that cannot be used, with what to change. */
export class WebhookUrlRejectedError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
    readonly fix: string,
  ) {
    super(`webhook URL rejected: ${reason}; ${fix}`);
    this.name = 'WebhookUrlRejectedError';
  }
}

export interface WebhookUrl {
  /** The URL as normalised by WHATWG parsing. */
  href: string;
  protocol: 'http:' | 'https:';
  /** Host name or IP literal without brackets. */
  hostname: string;
  port: number;
  /** Path plus query string, as sent in the request line. */
  path: string;
  /** The `Host` header value: the host as the tenant wrote it, with the port when it is not the default. */
  hostHeader: string;
}

export interface WebhookUrlOptions {
  /** Refuse plain-http URLs (default false: http is accepted, the signature still protects integrity). */
  requireHttps?: boolean;
}

const maxUrlLength = 2048;

/**
 * Parses and checks a webhook URL: http(s) only, no credentials, no fragment, at most 2048 characters.
 * Throws WebhookUrlRejectedError saying what is wrong and how to fix it. Addresses are checked later, at delivery.
 */
export function parseWebhookUrl(text: string, options: WebhookUrlOptions = {}): WebhookUrl {
  const reject = (reason: string, fix: string): never => {
    throw new WebhookUrlRejectedError(text, reason, fix);
  };
  if (text.length > maxUrlLength)
    reject(`the URL is ${text.length} characters long`, `use a URL of at most ${maxUrlLength} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return reject('it is not an absolute URL', 'give a full URL such as https://hooks.example.com/meshguard');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    reject(`scheme ${url.protocol} is not supported`, 'use an https:// URL');
  if (options.requireHttps && url.protocol !== 'https:')
    reject('plain http is not allowed on this installation', 'use an https:// URL');
  if (url.username || url.password)
    reject(
      'the URL contains credentials',
      'remove user:password@ from the URL; deliveries are authenticated by the Meshguard-Signature header',
    );
  if (url.hash) reject('the URL contains a #fragment', 'remove the fragment; it is never sent to the server');
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (!hostname) reject('the URL has no host', 'give a host name, e.g. https://hooks.example.com/meshguard');
  const protocol = url.protocol as 'http:' | 'https:';
  const port = url.port ? Number(url.port) : protocol === 'https:' ? 443 : 80;
  return {
    href: url.href,
    protocol,
    hostname,
    port,
    path: `${url.pathname}${url.search}`,
    hostHeader: url.port ? `${bracketed(hostname)}:${url.port}` : bracketed(hostname),
  };
}

function bracketed(hostname: string): string {
  return isIP(hostname) === 6 ? `[${hostname}]` : hostname;
}
