import { KubeConfig } from '@kubernetes/client-node';
import { Agent, request, type AgentOptions, type RequestOptions } from 'node:https';
import { HttpsProxyAgent } from 'hpagent';
import { SocksProxyAgent } from 'socks-proxy-agent';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { checkServerIdentity } from 'node:tls';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { ClusterTarget } from '../network/server-address-pinning.js';
import { KubeApiError } from './kube-api.error.js';
import type { RenewableToken } from './renewable-token.js';
import {
  defaultRetryPolicy,
  isRetryableNetworkCode,
  isRetryableStatus,
  parseRetryAfter,
  retryDelayMs,
  type RetryPolicy,
} from './retry-policy.js';

export interface ClusterClientOptions {
  /** Deadline for one request, headers and body (default 30 s). */
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Parallel connections to the API server (default 4). */
  maxConnections?: number;
  /** Ask for gzip bodies (default true: large lists shrink ~10x over the WAN). */
  compression?: boolean;
  /** Largest response body accepted, after decompression (default 256 MiB); a hostile server cannot exhaust memory. */
  maxResponseBytes?: number;
  signal?: AbortSignal;
  /** The bearer token to send, renewed when it expires (an exec plugin's); only the CLI's trusted kubeconfigs have one. */
  renewableToken?: RenewableToken;
}

/** What one client did, for scan records and benchmarks. */
export interface ClientStats {
  requests: number;
  retries: number;
  bytesReceived: number;
}

interface RawResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/**
 * A Kubernetes API client for one cluster and one scan: it connects only to the pinned address, verifies TLS against
 * the original server name, retries transient failures and keeps no state beyond its own lifetime. Close it when done.
 */
export class ClusterClient {
  readonly stats: ClientStats = { requests: 0, retries: 0, bytesReceived: 0 };
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private closed = false;

  private constructor(
    private readonly target: ClusterTarget,
    private readonly agent: Agent,
    private readonly headers: Record<string, string>,
    private readonly options: ClusterClientOptions,
  ) {
    this.retry = { ...defaultRetryPolicy, ...options.retry };
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
  }

  /** Builds TLS and auth material with @kubernetes/client-node's KubeConfig from the vetted, inline-only kubeconfig. */
  static async open(target: ClusterTarget, options: ClusterClientOptions = {}): Promise<ClusterClient> {
    const { kubeconfig, address } = target;
    const { credential } = kubeconfig;
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'target',
          server: kubeconfig.server.url,
          skipTLSVerify: kubeconfig.tls.insecureSkipTlsVerify,
          ...(kubeconfig.tls.caPem ? { caData: Buffer.from(kubeconfig.tls.caPem).toString('base64') } : {}),
        },
      ],
      users: [
        {
          name: 'target',
          ...(credential.kind === 'bearer-token' ? { token: credential.token } : {}),
          ...(credential.kind === 'basic'
            ? { username: credential.username, password: credential.password }
            : {}),
          ...(credential.kind === 'client-certificate'
            ? {
                certData: Buffer.from(credential.certPem).toString('base64'),
                keyData: Buffer.from(credential.keyPem).toString('base64'),
                ...(credential.token ? { token: credential.token } : {}),
              }
            : {}),
        },
      ],
      contexts: [{ name: 'target', cluster: 'target', user: 'target' }],
      currentContext: 'target',
    });
    const tlsOptions: RequestOptions = {};
    await kc.applyToHTTPSOptions(tlsOptions);

    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': 'meshguard-collector',
      Host:
        isIP(kubeconfig.server.hostname) === 6
          ? `[${kubeconfig.server.hostname}]:${kubeconfig.server.port}`
          : `${kubeconfig.server.hostname}:${kubeconfig.server.port}`,
    };
    for (const [name, value] of Object.entries(tlsOptions.headers ?? {}))
      if (typeof value === 'string') headers[name] = value;
    if (typeof tlsOptions.auth === 'string')
      headers.Authorization = `Basic ${Buffer.from(tlsOptions.auth).toString('base64')}`;
    if (options.compression ?? true) headers['Accept-Encoding'] = 'gzip';

    const tlsName = address.tlsName;
    const agentOptions: AgentOptions = {
      keepAlive: true,
      maxSockets: options.maxConnections ?? 4,
      ca: tlsOptions.ca,
      cert: tlsOptions.cert,
      key: tlsOptions.key,
      rejectUnauthorized: !kubeconfig.tls.insecureSkipTlsVerify,
      ...(isIP(tlsName) ? {} : { servername: tlsName }),
      // The socket goes to the pinned IP; the certificate must still name the server the customer gave us.
      checkServerIdentity: (_host, certificate) => checkServerIdentity(tlsName, certificate),
    };
    return new ClusterClient(target, agentFor(target.proxyUrl, agentOptions), headers, options);
  }

  /** GET a JSON document; `query` values are URL-encoded. Throws KubeApiError for non-2xx after retries. */
  async getJson<T>(path: string, query?: Record<string, string | number | undefined>): Promise<T> {
    return this.send<T>('GET', path, query, undefined);
  }

  /** POST a JSON body (access reviews), same retry rules as GET: reviews are side-effect free. */
  async postJson<T>(path: string, body: unknown): Promise<T> {
    return this.send<T>('POST', path, undefined, JSON.stringify(body));
  }

  /** Releases the connections; the client cannot be used afterwards. */
  close(): void {
    this.closed = true;
    this.agent.destroy();
  }

  get serverUrl(): string {
    return this.target.kubeconfig.server.url;
  }

  private async send<T>(
    method: 'GET' | 'POST',
    path: string,
    query: Record<string, string | number | undefined> | undefined,
    body: string | undefined,
  ): Promise<T> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {}))
      if (value !== undefined && value !== '') search.set(key, String(value));
    const fullPath = `${this.target.kubeconfig.server.basePath}${path}${search.size > 0 ? `?${search}` : ''}`;

    let renewedAfter401 = false;
    for (let attempt = 1; ; attempt++) {
      if (this.closed) throw new KubeApiError(0, 'closed', path, 'client already closed');
      if (this.options.signal?.aborted) throw cancelled(path);
      const renewable = this.options.renewableToken;
      if (renewable?.dueSoon) await this.renewToken(renewable, path);
      const sentToken = renewable?.current;
      if (sentToken) this.headers.Authorization = `Bearer ${sentToken}`;
      let retryAfter: number | undefined;
      let failure: KubeApiError;
      try {
        const response = await this.once(method, fullPath, body);
        if (response.status === 401 && renewable && !renewedAfter401) {
          // The token may have lapsed early (revoked, clock skew): fetch a fresh one once, as kubectl does.
          renewedAfter401 = true;
          await this.renewToken(renewable, path, sentToken);
          attempt--;
          continue;
        }
        if (response.status >= 200 && response.status < 300) {
          try {
            return JSON.parse(response.body.toString('utf8')) as T;
          } catch {
            failure = new KubeApiError(
              response.status,
              'truncated-body',
              path,
              'response body is not complete JSON',
              true,
            );
          }
        } else {
          failure = statusError(response, path);
          retryAfter = parseRetryAfter(response.headers['retry-after']);
        }
      } catch (error) {
        if (error instanceof KubeApiError) failure = error;
        else throw error;
      }
      if (!failure.retryable || attempt >= this.retry.maxAttempts) throw failure;
      this.stats.retries++;
      await sleep(retryDelayMs(this.retry, attempt, retryAfter), this.options.signal).catch(() => {
        throw cancelled(path);
      });
    }
  }

  private async renewToken(renewable: RenewableToken, path: string, seen?: string): Promise<void> {
    try {
      await renewable.renew(seen);
    } catch (error) {
      throw new KubeApiError(
        401,
        'token-renewal-failed',
        path,
        `the credential expired and could not be renewed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private once(method: 'GET' | 'POST', path: string, body: string | undefined): Promise<RawResponse> {
    this.stats.requests++;
    const { address, kubeconfig } = this.target;
    return new Promise<RawResponse>((resolve, reject) => {
      const headers =
        body === undefined
          ? this.headers
          : {
              ...this.headers,
              'Content-Type': 'application/json',
              'Content-Length': String(Buffer.byteLength(body)),
            };
      const req = request({
        agent: this.agent,
        host: address.ip,
        family: address.family,
        port: kubeconfig.server.port,
        method,
        path,
        headers,
      });
      const fail = (error: Error & { code?: string }) => {
        const code = error.code ?? (error.message === 'socket hang up' ? 'ECONNRESET' : undefined);
        reject(
          error instanceof KubeApiError
            ? error
            : new KubeApiError(
                0,
                code ?? 'network-error',
                path,
                `${error.message}${code && !error.message.includes(code) ? ` (${code})` : ''}`,
                isRetryableNetworkCode(code),
              ),
        );
      };
      let abortedWith: KubeApiError | undefined;
      const abort = (error: KubeApiError) => {
        abortedWith = error;
        req.destroy(error);
      };
      const timer = setTimeout(
        () =>
          abort(
            new KubeApiError(
              0,
              'request-timeout',
              path,
              `no complete answer within ${this.timeoutMs} ms`,
              true,
            ),
          ),
        this.timeoutMs,
      );
      const onAbort = () => abort(cancelled(path));
      this.options.signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => {
        clearTimeout(timer);
        this.options.signal?.removeEventListener('abort', onAbort);
      };
      req.on('error', (error) => {
        done();
        fail(abortedWith ?? error);
      });
      req.on('response', (response) => {
        const chunks: Buffer[] = [];
        let stream: Readable = response;
        const encoding = response.headers['content-encoding'];
        if (encoding === 'gzip') stream = response.pipe(createGunzip());
        else if (encoding === 'deflate') stream = response.pipe(createInflate());
        else if (encoding === 'br') stream = response.pipe(createBrotliDecompress());
        const limit = this.options.maxResponseBytes ?? 256 * 2 ** 20;
        let size = 0;
        response.on('data', (chunk: Buffer) => (this.stats.bytesReceived += chunk.length));
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) {
            chunks.length = 0;
            abort(
              new KubeApiError(
                0,
                'response-too-large',
                path,
                `response body exceeds ${limit} bytes; use a smaller page size`,
              ),
            );
            return;
          }
          chunks.push(chunk);
        });
        const truncated = (error?: Error) => {
          done();
          reject(
            abortedWith ??
              (error instanceof KubeApiError
                ? error
                : new KubeApiError(
                    0,
                    'truncated-body',
                    path,
                    'connection closed before the response body was complete',
                    true,
                  )),
          );
        };
        response.on('aborted', () => truncated());
        response.on('error', truncated);
        if (stream !== response) stream.on('error', truncated);
        stream.on('end', () => {
          done();
          if (!response.complete) return truncated();
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          });
        });
      });
      req.end(body);
    });
  }
}

/** A direct agent, or one that tunnels through the trusted kubeconfig's proxy-url (http, https or socks). */
function agentFor(proxyUrl: string | undefined, options: AgentOptions): Agent {
  if (!proxyUrl) return new Agent(options);
  if (/^socks[45h]*:/.test(proxyUrl)) return new SocksProxyAgent(proxyUrl, options) as unknown as Agent;
  if (/^https?:/.test(proxyUrl)) return new HttpsProxyAgent({ ...options, proxy: proxyUrl });
  throw new KubeApiError(
    0,
    'bad-proxy',
    proxyUrl,
    `proxy-url ${proxyUrl} is not an http, https or socks URL`,
  );
}

function cancelled(path: string): KubeApiError {
  return new KubeApiError(0, 'aborted', path, 'scan cancelled');
}

function statusError(response: RawResponse, path: string): KubeApiError {
  let reason = `HTTP${response.status}`;
  let message = `HTTP ${response.status}`;
  try {
    const status = JSON.parse(response.body.toString('utf8')) as { reason?: string; message?: string };
    if (status.reason) reason = status.reason;
    // The text comes from the API server, possibly a hostile one: keep it short before it reaches a stored gap.
    if (status.message) message = `HTTP ${response.status} ${String(status.message).slice(0, 500)}`;
    if (typeof reason !== 'string' || reason.length > 64) reason = `HTTP${response.status}`;
  } catch {
    // Not a Status object (proxies, load balancers); the HTTP status is all we have.
  }
  return new KubeApiError(response.status, reason, path, message, isRetryableStatus(response.status));
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
