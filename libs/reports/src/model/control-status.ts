import type { FrameworkControl, ResultStatus } from '@meshguard/rules';
import type { ControlRuleOutcome, ControlStatus } from './report-model.js';

/**
 * A control's status on one cluster from its rules' outcomes, the one derivation reports and stored scan summaries
 * (trends, drift) share: a measured failure first, then what was not measured (a gap never passes), then what needs
 * a human; rules that pass decide only part of a control that also needs a human look.
 */
export function controlStatusOf(
  control: Pick<FrameworkControl, 'manual'>,
  outcomes: readonly Pick<ControlRuleOutcome, 'ruleId' | 'status' | 'reason'>[],
): { status: ControlStatus; reason?: string } {
  if (outcomes.length === 0) return { status: 'manual', reason: control.manual ?? 'no rule decides this control' };
  if (outcomes.some((outcome) => outcome.status === 'fail')) return { status: 'fail' };
  const hidden = outcomes.find((outcome) => outcome.status === 'not-assessable');
  if (hidden) return { status: 'not-assessable', reason: `${hidden.ruleId}: ${hidden.reason ?? 'not measured'}` };
  const manual = outcomes.find((outcome) => outcome.status === 'manual');
  if (manual) return { status: 'manual', reason: manual.reason ?? control.manual ?? 'review by hand' };
  if (outcomes.some((outcome) => outcome.status === 'pass'))
    return control.manual ? { status: 'manual', reason: `its rules pass; the rest needs review: ${control.manual}` } : { status: 'pass' };
  return { status: 'not-applicable' };
}

/**
 * The same status from one scan's rule results as the engine returns them: a rule that errored (a coverage gap or a
 * crash) or that the scan did not evaluate is not assessable.
 */
export function controlStatusOfResults(
  control: Pick<FrameworkControl, 'manual' | 'rules'>,
  results: ReadonlyMap<string, ResultStatus>,
): ControlStatus {
  const outcomes = (control.rules as readonly string[]).map((ruleId) => {
    const status = results.get(ruleId);
    return { ruleId, status: status === undefined || status === 'error' ? ('not-assessable' as const) : status };
  });
  return controlStatusOf(control, outcomes).status;
}
