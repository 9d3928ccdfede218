import { blockedAddressReason, canonicalAddress } from '@meshguard/k8s/network';
import ipaddr from 'ipaddr.js';

const privateRangeReasons: Record<string, string> = {
  private: 'a private-network address (RFC 1918)',
  carrierGradeNat: 'a carrier-grade NAT address (RFC 6598, often internal to a cloud provider)',
  uniqueLocal: 'a unique-local IPv6 address (private network, RFC 4193)',
  reserved: 'a reserved address',
  benchmarking: 'a benchmarking address',
  as112: 'an AS112 address',
  as112v6: 'an AS112 address',
  amt: 'an AMT relay address',
  teredo: 'a Teredo tunnel address',
  discard: 'a discard-only address',
  deprecated: 'a deprecated address',
  orchid2: 'an ORCHIDv2 address',
  droneRemoteIdProtocolEntityTags: 'a reserved address',
};

/**
 * Why a webhook must not be delivered to this address, or undefined when it may. Stricter than the cluster policy of
 * libs/k8s (which admits private networks, where API servers live): a webhook URL is typed by a tenant, so anything
 * but a public unicast address could reach meshguard's own network. IPv6 forms embedding IPv4 are judged by the IPv4.
 */
export function webhookAddressBlockedReason(ip: string): string | undefined {
  const basic = blockedAddressReason(ip);
  if (basic) return basic;
  const canonical = canonicalAddress(ip);
  if (!canonical) return `${ip} is not an IP address`;
  const address = ipaddr.parse(canonical);
  const embedded = address.kind() === 'ipv6' ? embeddedIpv4(address as ipaddr.IPv6) : undefined;
  if (embedded) {
    const inner = webhookAddressBlockedReason(embedded);
    return inner ? `${canonical} embeds ${inner}` : undefined;
  }
  const range = address.range();
  if (range === 'unicast') return undefined;
  return `${canonical} is ${privateRangeReasons[range] ?? `a special-purpose address (${range})`}`;
}

function embeddedIpv4(address: ipaddr.IPv6): string | undefined {
  const parts = address.parts;
  const range = address.range();
  const fromWords = (high: number, low: number) =>
    new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]).toString();
  if (range === 'rfc6052' || range === 'rfc6145') return fromWords(parts[6]!, parts[7]!);
  if (range === '6to4') return fromWords(parts[1]!, parts[2]!);
  if (parts.slice(0, 6).every((part) => part === 0) && (parts[6] !== 0 || parts[7]! > 1))
    return fromWords(parts[6]!, parts[7]!);
  return undefined;
}
