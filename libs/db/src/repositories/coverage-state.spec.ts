import { describe, expect, it } from 'vitest';
import { coverageStateAt, type CoverageFacts } from './coverage-state.js';

const at = new Date('2026-12-07T12:00:00Z');
const hoursBefore = (hours: number) => new Date(at.getTime() - hours * 3_600_000);
const finished = (hours: number, status: 'succeeded' | 'partial' = 'succeeded', gaps: string[] = []): CoverageFacts['latestFinished'] => ({ status, finishedAt: hoursBefore(hours), gaps });

describe('coverageStateAt', () => {
  it('is never-scanned without a finished scan, and unreachable when the latest scan failed', () => {
    expect(coverageStateAt({ schedule: null, latestFinished: null, latestEnded: null }, at).state).toBe('never-scanned');
    const failed = { status: 'failed' as const, finishedAt: hoursBefore(1), failureReason: 'connection refused' };
    expect(coverageStateAt({ schedule: null, latestFinished: null, latestEnded: failed }, at)).toEqual({
      state: 'unreachable',
      reason: expect.stringContaining('connection refused'),
    });
    expect(coverageStateAt({ schedule: null, latestFinished: finished(2), latestEnded: failed }, at).state).toBe('unreachable');
  });

  it('is stale past twice the schedule interval, or 24 h without a schedule', () => {
    expect(coverageStateAt({ schedule: null, latestFinished: finished(23), latestEnded: null }, at).state).toBe('current');
    expect(coverageStateAt({ schedule: null, latestFinished: finished(25), latestEnded: null }, at).state).toBe('stale');
    const hourly = { cron: '0 * * * *', timezone: 'UTC' };
    expect(coverageStateAt({ schedule: hourly, latestFinished: finished(1.5), latestEnded: null }, at).state).toBe('current');
    expect(coverageStateAt({ schedule: hourly, latestFinished: finished(3), latestEnded: null }, at).state).toBe('stale');
    const weekly = { cron: '0 6 * * 1', timezone: 'Europe/Berlin' };
    expect(coverageStateAt({ schedule: weekly, latestFinished: finished(24 * 10), latestEnded: null }, at).state).toBe('current');
  });

  it('is partial when the latest finished scan had gaps, naming the kinds', () => {
    expect(coverageStateAt({ schedule: null, latestFinished: finished(1, 'partial', ['NetworkPolicy']), latestEnded: null }, at)).toEqual({
      state: 'partial',
      reason: expect.stringContaining('NetworkPolicy'),
    });
  });
});
