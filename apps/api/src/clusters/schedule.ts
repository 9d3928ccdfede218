import { CronExpressionParser } from 'cron-parser';
import type { FieldError } from '../problems/domain-error.js';

/** A validated schedule, or the field errors saying why it is not one. */
export function checkSchedule(schedule: { cron: string; timezone?: string }, field: string): { cron: string; timezone: string } | FieldError[] {
  const timezone = schedule.timezone ?? 'UTC';
  const problems: FieldError[] = [];
  if (schedule.cron.trim().split(/\s+/).length !== 5) {
    problems.push({ field: `${field}.cron`, message: 'use five fields: minute hour day-of-month month day-of-week, e.g. "0 3 * * *"' });
  } else {
    try {
      CronExpressionParser.parse(schedule.cron, { tz: timezone });
    } catch (error) {
      problems.push({ field: `${field}.cron`, message: `not a valid cron expression: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  if (!isTimeZone(timezone)) problems.push({ field: `${field}.timezone`, message: 'use an IANA time zone such as UTC or Europe/Berlin' });
  return problems.length > 0 ? problems : { cron: schedule.cron.trim(), timezone };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
