import { isIP } from 'node:net';
import { AddressAllowlist, canonicalAddress, systemResolver, type HostResolver } from '@meshguard/k8s/network';
import { webhookAddressBlockedReason } from './webhook-address-policy.js';
import type { WebhookUrl } from './webhook-url.js';

/** Delivery to this host is refused by the address policy; retrying does not help. */
export class WebhookAddressBlockedError extends Error {
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(
      `${isIP(hostname) ? '' : `host ${hostname} resolves to `}${reason}; meshguard does not deliver webhooks there ` +
        '(use a public address, or ask the operator to allowlist it)',
    );
    this.name = 'WebhookAddressBlockedError';
  }
}

/** The host name did not resolve (or not in time); usually transient, so the delivery is retried. */
export class WebhookResolutionError extends Error {
  constructor(
    readonly hostname: string,
    detail: string,
  ) {
    super(`host ${hostname} does not resolve (${detail})`);
    this.name = 'WebhookResolutionError';
  }
}

export interface WebhookPinOptions {
  /** Operator allowlist of addresses or CIDRs that may receive webhooks although the policy blocks them. */
  allowlist?: AddressAllowlist;
  /** Defaults to the system resolver (getaddrinfo, honouring /etc/hosts). */
  resolver?: HostResolver;
  /** Give up resolving after this long (default 5 s). */
  resolveTimeoutMs?: number;
}

export interface PinnedWebhookAddress {
  ip: string;
  family: 4 | 6;
}

/**
 * Resolves the webhook host once and checks every address it resolves to; the connection then goes to the first
 * address, so a second DNS answer (rebinding) cannot redirect it. IP literals in any spelling are judged canonically.
 */
export async function pinWebhookAddress(
  url: WebhookUrl,
  options: WebhookPinOptions = {},
): Promise<PinnedWebhookAddress> {
  const allowlist = options.allowlist ?? new AddressAllowlist();
  let candidates: string[];
  if (isIP(url.hostname)) candidates = [url.hostname];
  else {
    try {
      candidates = await withTimeout(
        (options.resolver ?? systemResolver)(url.hostname),
        options.resolveTimeoutMs ?? 5000,
      );
    } catch (cause) {
      throw new WebhookResolutionError(url.hostname, (cause as Error).message);
    }
    if (candidates.length === 0) throw new WebhookResolutionError(url.hostname, 'no address');
  }
  const addresses = candidates.map((ip) => canonicalAddress(ip) ?? ip);
  for (const ip of addresses) {
    const blocked = webhookAddressBlockedReason(ip);
    if (blocked && !allowlist.permits(ip)) throw new WebhookAddressBlockedError(url.hostname, ip, blocked);
  }
  const ip = addresses[0]!;
  const family = isIP(ip);
  if (family !== 4 && family !== 6)
    throw new WebhookAddressBlockedError(url.hostname, ip, `${ip} is not an IP address`);
  return { ip, family };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
