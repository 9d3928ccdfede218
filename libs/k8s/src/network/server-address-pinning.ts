import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { ParsedKubeconfig } from '../kubeconfig/kubeconfig-parser.js';
import { KubeconfigRejectedError } from '../kubeconfig/kubeconfig-rejected.error.js';
import { AddressAllowlist, blockedAddressReason, canonicalAddress } from './address-policy.js';

/** Resolves a host name to every address it has; the port of the DNS lookup meshguard performs. */
export type HostResolver = (hostname: string) => Promise<string[]>;

export interface PinOptions {
  /** Operator allowlist of addresses or CIDRs that may be contacted although they are loopback, link-local etc. */
  allowedAddresses?: readonly string[] | AddressAllowlist;
  /** Defaults to the system resolver (getaddrinfo, honouring /etc/hosts). */
  resolver?: HostResolver;
  /** Give up resolving after this long (default 5 s). */
  resolveTimeoutMs?: number;
}

/** The one address all requests of a scan connect to; TLS still verifies the certificate against `tlsName`. */
export interface PinnedAddress {
  ip: string;
  family: 4 | 6;
  /** Name checked against the server certificate and sent as SNI (tls-server-name, else the URL host). */
  tlsName: string;
}

/** A parsed kubeconfig plus the vetted address to connect to: everything a scan needs to reach the cluster. */
export interface ClusterTarget {
  kubeconfig: ParsedKubeconfig;
  address: PinnedAddress;
  /** Only for a kubeconfig the user trusts (the CLI's default): connect through this http(s) or socks proxy. */
  proxyUrl?: string;
}

export const systemResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * Resolves the API server host once and checks every address it resolves to; the first address is pinned so a
 * later DNS answer (rebinding) cannot move the connection. Throws KubeconfigRejectedError for blocked or unresolvable hosts.
 */
export async function pinServerAddress(
  kubeconfig: ParsedKubeconfig,
  options: PinOptions = {},
): Promise<ClusterTarget> {
  const allowlist =
    options.allowedAddresses instanceof AddressAllowlist
      ? options.allowedAddresses
      : new AddressAllowlist(options.allowedAddresses ?? []);
  const path = `${kubeconfig.fieldPaths.cluster}.server`;
  const { hostname } = kubeconfig.server;
  const reject = (reason: string, fix: string): never => {
    throw new KubeconfigRejectedError([{ path, reason, fix }]);
  };

  let candidates: string[];
  if (isIP(hostname)) candidates = [hostname];
  else {
    try {
      candidates = await withTimeout(
        (options.resolver ?? systemResolver)(hostname),
        options.resolveTimeoutMs ?? 5000,
      );
    } catch (cause) {
      return reject(
        `host ${hostname} does not resolve (${(cause as Error).message})`,
        'use a host name that resolves in public DNS, or the API server IP',
      );
    }
    if (candidates.length === 0)
      reject(
        `host ${hostname} resolves to no address`,
        'use a host name that resolves in public DNS, or the API server IP',
      );
  }

  const addresses = candidates.map((ip) => canonicalAddress(ip) ?? ip);
  for (const ip of addresses) {
    const blocked = blockedAddressReason(ip);
    if (blocked && !allowlist.permits(ip)) {
      const via = isIP(hostname) ? '' : `host ${hostname} resolves to `;
      reject(
        `${via}${blocked}; meshguard does not connect there`,
        'give the public or private address of the API server; an operator can allowlist an address for lab clusters',
      );
    }
  }
  const ip = addresses[0]!;
  const family = isIP(ip);
  if (family !== 4 && family !== 6)
    return reject(`${ip} is not an IP address`, 'use a host name or IP address of the API server');
  return { kubeconfig, address: { ip, family, tlsName: kubeconfig.tls.serverName ?? hostname } };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
