import { loadConfig } from '@meshguard/config';
import { describe, expect, it } from 'vitest';
import { publicUrl } from '../app/public-url.js';
import { announceKey } from './first-tenant.js';

describe('the start banner', () => {
  it('names the port the API listens on (issue 16: it said 3000 whatever PORT was)', () => {
    const config = loadConfig({ PORT: '8181', DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x', MASTER_KEYS: `k:${Buffer.alloc(32, 1).toString('base64')}`, MASTER_KEY_ID: 'k' });
    let banner = '';
    announceKey('heading', 'mgk_x_y', publicUrl(config), (text) => (banner += text));
    expect(banner).toContain('http://localhost:8181/v1/tenant');
    expect(banner).not.toContain(':3000');
  });
});
