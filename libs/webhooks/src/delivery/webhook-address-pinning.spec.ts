import { AddressAllowlist } from '@meshguard/k8s';
import { describe, expect, it } from 'vitest';
import {
  pinWebhookAddress,
  WebhookAddressBlockedError,
  WebhookResolutionError,
} from './webhook-address-pinning.js';
import { parseWebhookUrl } from './webhook-url.js';

// pinWebhookAddress is the gate deliverWebhook passes before it creates any socket; it only resolves through the
// injected resolver, so these cases exercise non-loopback addresses without any network traffic.
const loopbackOnly = new AddressAllowlist(['127.0.0.1']);
const noDns = async (): Promise<string[]> => {
  throw new Error('unexpected DNS lookup');
};

describe('pinWebhookAddress', () => {
  it.each([
    ['http://169.254.169.254/latest/meta-data/', /instance-metadata/],
    ['http://2852039166/latest/meta-data/', /instance-metadata/],
    ['http://0xa9.0xfe.0xa9.0xfe/', /instance-metadata/],
    ['http://[::ffff:a9fe:a9fe]/', /instance-metadata/],
    ['http://[::ffff:169.254.169.254]/', /instance-metadata/],
    ['http://[fd00:ec2::254]/', /instance-metadata/],
    ['http://169.254.170.2/v2/credentials', /ECS task-metadata/],
    ['https://10.0.0.5/hook', /private-network/],
    ['https://167772165/hook', /private-network/],
    ['https://[::ffff:192.168.1.20]/hook', /private-network/],
    ['https://[64:ff9b::c0a8:114]/hook', /embeds .*private-network/],
    ['https://[fd00::5]/hook', /unique-local/],
    ['https://100.100.100.200/', /Alibaba/],
    ['https://[fe80::1]/', /link-local/],
  ])('refuses %s even with loopback allowlisted', async (url, reason) => {
    const pinning = pinWebhookAddress(parseWebhookUrl(url), { allowlist: loopbackOnly, resolver: noDns });
    await expect(pinning).rejects.toThrow(WebhookAddressBlockedError);
    await expect(pinning).rejects.toThrow(reason);
  });

  it('admits a blocked range only when the operator allowlists it', async () => {
    const url = parseWebhookUrl('https://hooks.internal.test/');
    const resolver = async () => ['10.20.30.40'];
    await expect(pinWebhookAddress(url, { resolver })).rejects.toThrow(/private-network/);
    await expect(
      pinWebhookAddress(url, { resolver, allowlist: new AddressAllowlist(['10.20.0.0/16']) }),
    ).resolves.toEqual({ ip: '10.20.30.40', family: 4 });
    // An allowlisted private range does not open the metadata service.
    await expect(
      pinWebhookAddress(parseWebhookUrl('http://169.254.169.254/'), {
        allowlist: new AddressAllowlist(['10.0.0.0/8']),
      }),
    ).rejects.toThrow(/instance-metadata/);
  });

  it('checks every resolved address and pins the first, canonicalised', async () => {
    const url = parseWebhookUrl('https://hooks.example.test/');
    await expect(
      pinWebhookAddress(url, { resolver: async () => ['93.184.216.34', '10.0.0.1'] }),
    ).rejects.toThrow(/resolves to 10\.0\.0\.1 is a private-network address/);
    let lookups = 0;
    const pinned = await pinWebhookAddress(url, {
      resolver: async () => {
        lookups += 1;
        return ['::ffff:93.184.216.34', '2606:2800:220:1::1'];
      },
    });
    expect(pinned).toEqual({ ip: '93.184.216.34', family: 4 });
    expect(lookups).toBe(1);
  });

  it('reports resolution failures and slow resolvers as resolution errors', async () => {
    const url = parseWebhookUrl('https://hooks.example.test/');
    await expect(pinWebhookAddress(url, { resolver: async () => [] })).rejects.toThrow(
      WebhookResolutionError,
    );
    const slow = pinWebhookAddress(url, {
      resolver: () => new Promise((resolve) => setTimeout(() => resolve(['93.184.216.34']), 2_000)),
      resolveTimeoutMs: 50,
    });
    await expect(slow).rejects.toThrow(/does not resolve \(no answer within 50 ms\)/);
  });
});
