import { catalog, decodeSnapshot, evaluateRules, RuleParamsError } from '@meshguard/rules';
import type { CliEvaluationInput, CliEvaluationOutput } from './evaluation.js';

/** Runs on a compute-pool thread (see evaluation.ts). */
export default function evaluateForCli(input: CliEvaluationInput): CliEvaluationOutput {
  const ids = new Set(input.ruleIds);
  const rules = catalog.filter((rule) => ids.has(rule.id));
  try {
    const report = evaluateRules(decodeSnapshot(input.snapshot), rules, {
      params: input.params,
      exceptions: input.exceptions,
    });
    return { report: JSON.stringify(report) };
  } catch (error) {
    if (error instanceof RuleParamsError) return { paramsError: error.message };
    throw error;
  }
}
