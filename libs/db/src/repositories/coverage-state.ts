import { CronExpressionParser } from 'cron-parser';

/**
 * How current a cluster's measurements are at a point in time (issue 12's coverage states): `never-scanned` (no
 * finished scan), `unreachable` (its latest scan failed), `stale` (its latest finished scan is older than twice its
 * schedule interval, or 24 h without a schedule), `partial` (its latest finished scan had coverage gaps), `current`.
 */
export const clusterCoverageStates = ['current', 'stale', 'unreachable', 'partial', 'never-scanned'] as const;
export type ClusterCoverageState = (typeof clusterCoverageStates)[number];

export interface CoverageFacts {
  /** The cluster's scan schedule, if it has one. */
  schedule: { cron: string; timezone: string } | null;
  /** Its latest succeeded or partial scan at or before `at`. */
  latestFinished: { status: 'succeeded' | 'partial'; finishedAt: Date; gaps: string[] } | null;
  /** Its latest scan that ended at or before `at`, failed ones included. */
  latestEnded: { status: 'succeeded' | 'partial' | 'failed'; finishedAt: Date; failureReason: string | null } | null;
}

const dayMs = 24 * 3600 * 1000;

/** The coverage state at `at` and, for every state but `current`, the reason in words. Pure: reads no clock. */
export function coverageStateAt(facts: CoverageFacts, at: Date): { state: ClusterCoverageState; reason?: string } {
  const { latestFinished, latestEnded } = facts;
  if (latestEnded?.status === 'failed' && (!latestFinished || latestEnded.finishedAt > latestFinished.finishedAt)) {
    return { state: 'unreachable', reason: `the latest scan failed at ${latestEnded.finishedAt.toISOString()}: ${latestEnded.failureReason ?? 'no reason recorded'}` };
  }
  if (!latestFinished) return { state: 'never-scanned', reason: `no scan finished at or before ${at.toISOString()}` };
  const allowedMs = facts.schedule ? 2 * scheduleIntervalMs(facts.schedule, at) : dayMs;
  const ageMs = at.getTime() - latestFinished.finishedAt.getTime();
  if (ageMs > allowedMs) {
    return { state: 'stale', reason: `the latest successful scan finished ${Math.round(ageMs / 3_600_000)} h before, more than ${Math.round(allowedMs / 3_600_000)} h (${facts.schedule ? 'twice the scan interval' : 'no scan schedule'})` };
  }
  if (latestFinished.status === 'partial') {
    return { state: 'partial', reason: `the latest scan could not read: ${latestFinished.gaps.join(', ') || 'some kinds'}` };
  }
  return { state: 'current' };
}

/** The time between two runs of the schedule after `at` (24 h for an unparsable one). */
function scheduleIntervalMs(schedule: { cron: string; timezone: string }, at: Date): number {
  try {
    const runs = CronExpressionParser.parse(schedule.cron, { tz: schedule.timezone, currentDate: at }).take(2);
    const [first, second] = runs.map((run) => run.getTime());
    return first !== undefined && second !== undefined ? Math.max(second - first, 60_000) : dayMs;
  } catch {
    return dayMs;
  }
}
