import { loadConfig } from '@meshguard/config';
import { describe, expect, it } from 'vitest';
import { publicUrl } from '../app/public-url.js';
import { announceKey, startupBanner } from './first-tenant.js';

describe('the start banner', () => {
  it('names the port the API listens on (issue 16: it said 3000 whatever PORT was)', () => {
    const config = loadConfig({
      PORT: '8181',
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x',
      MASTER_KEYS: `k:${Buffer.alloc(32, 1).toString('base64')}`,
      MASTER_KEY_ID: 'k',
    });
    let banner = '';
    announceKey('heading', 'mgk_x_y', publicUrl(config), (text) => (banner += text));
    expect(banner).toContain('http://localhost:8181/v1/tenant');
    expect(banner).not.toContain(':3000');
  });
});

describe('the start-up banner', () => {
  it('shows the URL actually served and, on the first start, the owner key once', () => {
    const token = 'mgk_abcdefabcdef_' + 'K'.repeat(43);
    const text = startupBanner('http://localhost:4321', { created: true, tenantId: 't', token });
    expect(text).toContain('meshguard is running at http://localhost:4321');
    expect(text).toContain('http://localhost:4321/docs');
    expect(text.split(token)).toHaveLength(2);
    expect(text).toContain('shown only now');
    expect(text).not.toContain('3000');
    // A few readable lines, not a log line.
    expect(text.trim().split('\n').length).toBeLessThanOrEqual(10);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('shows no key on later starts, and says where the first one went', () => {
    const text = startupBanner('http://127.0.0.1:3000', { created: false });
    expect(text).toContain('meshguard is running at http://127.0.0.1:3000');
    expect(text).not.toMatch(/mgk_/);
    expect(text).toContain('printed on the first start');
  });
});
