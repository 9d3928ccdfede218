import { describe, expect, it } from 'vitest';
import { AddressAllowlist, blockedAddressReason, canonicalAddress } from './address-policy.js';

describe('blockedAddressReason', () => {
  it.each([
    ['127.0.0.1', /loopback/],
    ['127.255.1.2', /loopback/],
    ['2130706433', /127\.0\.0\.1 is a loopback/],
    ['0177.0.0.1', /127\.0\.0\.1 is a loopback/],
    ['0x7f000001', /127\.0\.0\.1 is a loopback/],
    ['::1', /loopback/],
    ['[::1]', /loopback/],
    ['::ffff:127.0.0.1', /127\.0\.0\.1 is a loopback/],
    ['::ffff:7f00:1', /127\.0\.0\.1 is a loopback/],
    ['::127.0.0.1', /127\.0\.0\.1/],
    ['64:ff9b::a9fe:a9fe', /embeds 169\.254\.169\.254 is the cloud instance-metadata/],
    ['2002:a9fe:a9fe::1', /embeds 169\.254\.169\.254/],
    ['0.0.0.0', /unspecified/],
    ['::', /unspecified/],
    ['169.254.169.254', /instance-metadata/],
    ['169.254.170.2', /ECS/],
    ['169.254.1.1', /link-local/],
    ['fe80::1%eth0', /link-local/],
    ['fd00:ec2::254', /instance-metadata service \(IPv6\)/],
    ['100.100.100.200', /Alibaba/],
    ['168.63.129.16', /WireServer/],
    ['224.0.0.1', /multicast/],
    ['255.255.255.255', /broadcast/],
  ])('blocks %s', (ip, reason) => {
    expect(blockedAddressReason(ip)).toMatch(reason);
  });

  it.each([
    '10.0.0.1',
    '192.168.1.10',
    '172.16.0.1',
    '100.64.0.1',
    '8.8.8.8',
    '2001:db8::1',
    'fd12:3456::1',
    '64:ff9b::808:808',
  ])('allows %s', (ip) => {
    expect(blockedAddressReason(ip)).toBeUndefined();
  });

  it('canonicalizes mapped and alternative spellings', () => {
    expect(canonicalAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(canonicalAddress('0x7f.1')).toBe('127.0.0.1');
    expect(canonicalAddress('not-an-ip')).toBeUndefined();
  });
});

describe('AddressAllowlist', () => {
  it('permits listed addresses and ranges, in any spelling, and nothing else', () => {
    const allow = new AddressAllowlist(['127.0.0.1', '10.1.0.0/16', '::ffff:192.168.0.0/120']);
    expect(allow.permits('127.0.0.1')).toBe(true);
    expect(allow.permits('::ffff:127.0.0.1')).toBe(true);
    expect(allow.permits('127.0.0.2')).toBe(false);
    expect(allow.permits('::1')).toBe(false);
    expect(allow.permits('10.1.200.3')).toBe(true);
    expect(allow.permits('192.168.0.77')).toBe(true);
    expect(allow.permits('192.168.1.1')).toBe(false);
  });

  it('names a bad entry', () => {
    expect(() => new AddressAllowlist(['127.0.0.1', 'localhost'])).toThrow(
      /"localhost" is not an IP address or CIDR range/,
    );
  });
});
