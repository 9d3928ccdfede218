import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Platform endpoints reachable from cloud workers that hand out credentials or configuration. */
const metadataAddresses: Record<string, string> = {
  '169.254.169.254': 'the cloud instance-metadata service (AWS, GCP, Azure, OpenStack, DigitalOcean)',
  '169.254.170.2': 'the AWS ECS task-metadata service',
  '100.100.100.200': 'the Alibaba Cloud metadata service',
  '168.63.129.16': 'the Azure WireServer platform endpoint',
  'fd00:ec2::254': 'the AWS instance-metadata service (IPv6)',
};

/**
 * Why meshguard must not connect to this address, or undefined when it may.
 * IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by the embedded address.
 */
export function blockedAddressReason(ip: string): string | undefined {
  const address = parseAddress(ip);
  if (!address) return `${ip} is not an IP address`;
  const canonical = address.toNormalizedString();
  const metadata = metadataAddresses[canonical] ?? metadataAddresses[address.toString()];
  if (metadata) return `${address.toString()} is ${metadata}`;
  if (address.kind() === 'ipv6') {
    const embedded = embeddedIpv4(address as ipaddr.IPv6);
    if (embedded) {
      const inner = blockedAddressReason(embedded.toString());
      return inner ? `${address.toString()} embeds ${inner}` : undefined;
    }
  }
  switch (address.range()) {
    case 'loopback':
      return `${address.toString()} is a loopback address (this machine)`;
    case 'linkLocal':
      return `${address.toString()} is a link-local address (includes cloud metadata services)`;
    case 'unspecified':
      return `${address.toString()} is the unspecified address (connects to this machine)`;
    case 'broadcast':
    case 'multicast':
      return `${address.toString()} is a ${address.range()} address`;
    default:
      return undefined;
  }
}

/** Canonical text of an IP (IPv4-mapped IPv6 becomes plain IPv4), or undefined if the text is not an address. */
export function canonicalAddress(ip: string): string | undefined {
  const address = parseAddress(ip);
  return address?.toString();
}

function parseAddress(ip: string): Address | undefined {
  const text = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  // Zone ids (fe80::1%eth0) are link-local by definition; strip them so the range check still sees the address.
  const withoutZone = text.replace(/%.*$/, '');
  // ipaddr also reads decimal, octal and hex spellings (2130706433, 0177.0.0.1, 0x7f000001) as the address they denote.
  if (!ipaddr.isValid(withoutZone)) return undefined;
  return ipaddr.process(withoutZone);
}

function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const parts = address.parts;
  const range = address.range();
  const fromWords = (high: number, low: number) =>
    new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  if (range === 'rfc6052' || range === 'rfc6145') return fromWords(parts[6]!, parts[7]!);
  if (range === '6to4') return fromWords(parts[1]!, parts[2]!);
  // IPv4-compatible ::a.b.c.d (deprecated) — but not :: and ::1, which have their own ranges.
  if (parts.slice(0, 6).every((p) => p === 0) && (parts[6] !== 0 || parts[7]! > 1))
    return fromWords(parts[6]!, parts[7]!);
  return undefined;
}

/** An operator list of addresses or CIDR ranges that may be contacted even though they are normally blocked. */
export class AddressAllowlist {
  private readonly ranges: [Address, number][];

  /** Throws a TypeError naming the bad entry when an entry is not an IP address or CIDR range. */
  constructor(entries: readonly string[] = []) {
    this.ranges = entries.map((entry) => {
      const text = entry.trim();
      try {
        if (text.includes('/')) {
          const [address, bits] = ipaddr.parseCIDR(text);
          return [
            normalize(address),
            address.kind() === 'ipv6' && normalize(address).kind() === 'ipv4' ? bits - 96 : bits,
          ];
        }
        const address = normalize(ipaddr.parse(text));
        return [address, address.kind() === 'ipv4' ? 32 : 128];
      } catch {
        throw new TypeError(
          `address allowlist entry ${JSON.stringify(entry)} is not an IP address or CIDR range (e.g. 127.0.0.1 or 10.0.0.0/8)`,
        );
      }
    });
  }

  permits(ip: string): boolean {
    const address = parseAddress(ip);
    if (!address) return false;
    return this.ranges.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
  }

  get size(): number {
    return this.ranges.length;
  }
}

function normalize(address: Address): Address {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}
