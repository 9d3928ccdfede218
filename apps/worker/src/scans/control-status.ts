import { controlStatusOfResults, type ControlStatus } from '@meshguard/reports';
import { frameworks, type RuleResult } from '@meshguard/rules';

export type { ControlStatus };

/** The order counts are stored in (scan summaries keep it in their JSON). */
export const controlStatuses = ['pass', 'fail', 'manual', 'not-applicable', 'not-assessable'] as const satisfies readonly ControlStatus[];

/** framework id → control id → status, for every framework, derived as reports derive it (libs/reports). */
export function controlStatusesOf(
  results: readonly RuleResult[],
): Record<string, Record<string, ControlStatus>> {
  const byRule = new Map(results.map((result) => [result.ruleId, result.status]));
  return Object.fromEntries(
    frameworks.map((framework) => [
      framework.id,
      Object.fromEntries(framework.controls.map((control) => [control.id, controlStatusOfResults(control, byRule)])),
    ]),
  );
}

/** How many controls have each status. */
export function countControlStatuses(controls: Record<string, ControlStatus>): Record<ControlStatus, number> {
  const counts = Object.fromEntries(controlStatuses.map((status) => [status, 0])) as Record<ControlStatus, number>;
  for (const status of Object.values(controls)) counts[status] += 1;
  return counts;
}
