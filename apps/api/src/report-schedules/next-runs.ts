import { CronExpressionParser } from 'cron-parser';

/**
 * The next `count` run times of a cron schedule in an IANA time zone, after `from`. Across daylight-saving changes a
 * wall-clock time that does not exist (spring forward) runs once, an hour later by the clock; one that happens twice
 * (fall back) runs once: the same rules BullMQ's job scheduler applies, as both use cron-parser.
 */
export function nextRuns(schedule: { cron: string; timezone: string }, from: Date, count = 5): Date[] {
  return CronExpressionParser.parse(schedule.cron, { tz: schedule.timezone, currentDate: from })
    .take(count)
    .map((run) => run.toDate());
}
