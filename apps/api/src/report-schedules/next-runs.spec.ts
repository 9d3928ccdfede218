import { describe, expect, it } from 'vitest';
import { nextRuns } from './next-runs.js';

describe('nextRuns', () => {
  it('runs a daily 02:30 Europe/Berlin schedule once on the spring-forward day, when 02:30 does not exist', () => {
    // 2027-03-28: clocks jump from 02:00 CET to 03:00 CEST.
    const runs = nextRuns({ cron: '30 2 * * *', timezone: 'Europe/Berlin' }, new Date('2027-03-26T12:00:00Z'), 4).map((run) => run.toISOString());
    expect(runs).toEqual([
      '2027-03-27T01:30:00.000Z', // 02:30 CET
      '2027-03-28T01:30:00.000Z', // 03:30 CEST: the missing 02:30, run once and not skipped
      '2027-03-29T00:30:00.000Z', // 02:30 CEST
      '2027-03-30T00:30:00.000Z',
    ]);
  });

  it('runs it once, not twice, on the fall-back day when 02:30 happens twice', () => {
    const runs = nextRuns({ cron: '30 2 * * *', timezone: 'Europe/Berlin' }, new Date('2027-10-30T12:00:00Z'), 3).map((run) => run.toISOString());
    expect(runs).toEqual(['2027-10-31T00:30:00.000Z', '2027-11-01T01:30:00.000Z', '2027-11-02T01:30:00.000Z']);
  });

  it('keeps a weekly Monday 06:00 in its zone (the UTC time moves with DST)', () => {
    const runs = nextRuns({ cron: '0 6 * * 1', timezone: 'America/New_York' }, new Date('2027-03-01T00:00:00Z'), 3).map((run) => run.toISOString());
    expect(runs).toEqual(['2027-03-01T11:00:00.000Z', '2027-03-08T11:00:00.000Z', '2027-03-15T10:00:00.000Z']);
  });
});
