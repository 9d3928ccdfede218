import { describe, expect, it } from 'vitest';
import { parseWebhookUrl, WebhookUrlRejectedError } from './webhook-url.js';

describe('parseWebhookUrl', () => {
  it('keeps host, port, path and query, and builds the Host header', () => {
    expect(parseWebhookUrl('https://hooks.example.com:8443/in/meshguard?team=a')).toEqual({
      href: 'https://hooks.example.com:8443/in/meshguard?team=a',
      protocol: 'https:',
      hostname: 'hooks.example.com',
      port: 8443,
      path: '/in/meshguard?team=a',
      hostHeader: 'hooks.example.com:8443',
    });
    expect(parseWebhookUrl('http://[2606:4700::1]/x')).toMatchObject({
      hostname: '2606:4700::1',
      port: 80,
      hostHeader: '[2606:4700::1]',
    });
  });

  it('normalises odd IPv4 spellings to the address they denote', () => {
    expect(parseWebhookUrl('http://2130706433/').hostname).toBe('127.0.0.1');
    expect(parseWebhookUrl('http://0x7f.0.0.1/').hostname).toBe('127.0.0.1');
  });

  it.each([
    ['ftp://hooks.example.com/', /scheme ftp: is not supported/],
    ['hooks.example.com/path', /not an absolute URL/],
    ['https://user:pw@hooks.example.com/', /contains credentials/],
    ['https://hooks.example.com/#x', /fragment/],
    [`https://hooks.example.com/${'a'.repeat(2100)}`, /characters long/],
  ])('rejects %s', (url, reason) => {
    expect(() => parseWebhookUrl(url)).toThrow(WebhookUrlRejectedError);
    expect(() => parseWebhookUrl(url)).toThrow(reason);
  });

  it('rejects plain http when the installation requires https', () => {
    expect(() => parseWebhookUrl('http://hooks.example.com/', { requireHttps: true })).toThrow(/plain http/);
  });
});
