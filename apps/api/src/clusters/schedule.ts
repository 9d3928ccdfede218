import { CronExpressionParser } from 'cron-parser';
import type { FieldError } from '../problems/domain-error.js';

/** Scans of one cluster at most this often: a scan lists every object of the cluster, and one takes minutes at scale. */
export const minimumScheduleIntervalMinutes = 5;

/** A validated schedule, or the field errors saying why it is not one. */
export function checkSchedule(schedule: { cron: string; timezone?: string }, field: string): { cron: string; timezone: string } | FieldError[] {
  const timezone = schedule.timezone ?? 'UTC';
  const problems: FieldError[] = [];
  if (schedule.cron.trim().split(/\s+/).length !== 5) {
    problems.push({ field: `${field}.cron`, message: 'use five fields: minute hour day-of-month month day-of-week, e.g. "0 3 * * *"' });
  } else {
    try {
      const interval = CronExpressionParser.parse(schedule.cron, { tz: 'UTC', currentDate: new Date('2026-01-01T00:00:00Z') });
      if (shortestGapMinutes(interval.take(100).map((date) => date.getTime())) < minimumScheduleIntervalMinutes) {
        problems.push({ field: `${field}.cron`, message: `runs more often than every ${minimumScheduleIntervalMinutes} minutes; e.g. "*/15 * * * *" or "0 3 * * *"` });
      }
    } catch (error) {
      problems.push({ field: `${field}.cron`, message: `not a valid cron expression: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  if (!isTimeZone(timezone)) problems.push({ field: `${field}.timezone`, message: 'use an IANA time zone such as UTC or Europe/Berlin' });
  return problems.length > 0 ? problems : { cron: schedule.cron.trim(), timezone };
}

function shortestGapMinutes(times: number[]): number {
  let shortest = Infinity;
  for (let i = 1; i < times.length; i++) shortest = Math.min(shortest, (times[i]! - times[i - 1]!) / 60_000);
  return shortest;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
