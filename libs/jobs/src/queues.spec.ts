import { describe, expect, it } from 'vitest';
import { scanJobId } from './queues.js';

describe('scanJobId', () => {
  it('is the same for the same scan and differs between scans and tenants', () => {
    const a = scanJobId({ tenantId: 't1', scanId: 's1' });
    expect(scanJobId({ tenantId: 't1', scanId: 's1' })).toBe(a);
    expect(scanJobId({ tenantId: 't1', scanId: 's2' })).not.toBe(a);
    expect(scanJobId({ tenantId: 't2', scanId: 's1' })).not.toBe(a);
  });

  it('contains no colon, which BullMQ refuses in custom job ids', () => {
    const id = scanJobId({ tenantId: '3f0c2b7e-1d2a-4c5b-9e8f-0a1b2c3d4e5f', scanId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' });
    expect(id).not.toContain(':');
  });
});
