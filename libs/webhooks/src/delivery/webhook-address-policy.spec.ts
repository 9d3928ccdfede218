import { describe, expect, it } from 'vitest';
import { webhookAddressBlockedReason } from './webhook-address-policy.js';

describe('webhookAddressBlockedReason', () => {
  it.each([
    ['10.1.2.3', /private-network/],
    ['172.20.0.1', /private-network/],
    ['192.168.1.1', /private-network/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['127.0.0.1', /loopback/],
    ['2130706433', /loopback/],
    ['0x7f.1', /loopback/],
    ['::1', /loopback/],
    ['::ffff:127.0.0.1', /loopback/],
    ['::ffff:10.0.0.1', /private-network/],
    ['64:ff9b::a00:1', /embeds .*private-network/],
    ['2002:c0a8:0101::1', /embeds .*private-network/],
    ['169.254.169.254', /metadata/],
    ['::ffff:a9fe:a9fe', /metadata/],
    ['fd00:ec2::254', /metadata/],
    ['fd12:3456::1', /unique-local/],
    ['fe80::1', /link-local/],
    ['0.0.0.0', /unspecified/],
    ['224.0.0.1', /multicast/],
    ['192.0.2.10', /reserved/],
    ['not-an-ip', /not an IP address/],
  ])('blocks %s', (ip, reason) => {
    expect(webhookAddressBlockedReason(ip)).toMatch(reason);
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.216.34', '64:ff9b::808:808'])(
    'admits the public address %s',
    (ip) => {
      expect(webhookAddressBlockedReason(ip)).toBeUndefined();
    },
  );
});
