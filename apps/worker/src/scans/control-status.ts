import { frameworks, type ResultStatus, type RuleResult } from '@meshguard/rules';

/** What a scan says about one framework control. `not-assessable`: a rule behind it could not be evaluated (a gap). */
export const controlStatuses = ['pass', 'fail', 'manual', 'not-applicable', 'not-assessable'] as const;
export type ControlStatus = (typeof controlStatuses)[number];

/**
 * A control's status from its rules' results: any failing rule fails it; a rule that could not be evaluated makes it
 * not-assessable (a gap never passes); otherwise it passes when a rule passed, and is manual when no rule decides it.
 */
export function controlStatusOf(
  ruleIds: readonly string[],
  results: ReadonlyMap<string, ResultStatus>,
): ControlStatus {
  const statuses = ruleIds.map((id) => results.get(id));
  if (statuses.includes('fail')) return 'fail';
  if (statuses.some((status) => status === 'error' || status === undefined)) return 'not-assessable';
  if (statuses.includes('pass')) return 'pass';
  if (statuses.length > 0 && statuses.every((status) => status === 'not-applicable')) return 'not-applicable';
  return 'manual';
}

/** framework id → control id → status, for every framework. */
export function controlStatusesOf(
  results: readonly RuleResult[],
): Record<string, Record<string, ControlStatus>> {
  const byRule = new Map(results.map((result) => [result.ruleId, result.status]));
  return Object.fromEntries(
    frameworks.map((framework) => [
      framework.id,
      Object.fromEntries(
        framework.controls.map((control) => [control.id, controlStatusOf(control.rules, byRule)]),
      ),
    ]),
  );
}

/** How many controls have each status. */
export function countControlStatuses(controls: Record<string, ControlStatus>): Record<ControlStatus, number> {
  const counts = Object.fromEntries(controlStatuses.map((status) => [status, 0])) as Record<
    ControlStatus,
    number
  >;
  for (const status of Object.values(controls)) counts[status] += 1;
  return counts;
}
