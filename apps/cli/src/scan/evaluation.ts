import { ComputePool, defineComputeTask } from '@meshguard/compute';
import {
  encodeSnapshot,
  snapshotBuffers,
  type AnyRule,
  type ClusterSnapshot,
  type EncodedSnapshot,
  type RuleException,
  type RuleParams,
  type ScanReport,
} from '@meshguard/rules';
import { CliError } from '../cli-io.js';

export interface CliEvaluationInput {
  snapshot: EncodedSnapshot;
  ruleIds: string[];
  params: Record<string, RuleParams>;
  exceptions: RuleException[];
}

/** The report as JSON text (one serialisation, no object-graph clone), or the params problem the user must fix. */
export type CliEvaluationOutput = { report: string } | { paramsError: string };

const cliEvaluationTask = defineComputeTask<CliEvaluationInput, CliEvaluationOutput>(
  'cli-evaluation',
  import.meta.url,
  './evaluation.task.js',
);

/**
 * Evaluates the rules on a worker thread, so the CLI's own event loop stays free (a progress display keeps drawing
 * while a large cluster is evaluated).
 */
export async function evaluateOffThread(
  snapshot: ClusterSnapshot,
  rules: readonly AnyRule[],
  options: { params: Record<string, RuleParams>; exceptions: RuleException[] },
): Promise<ScanReport> {
  const pool = new ComputePool({ threads: 1 });
  try {
    const encoded = encodeSnapshot(snapshot);
    const output = await pool.run(
      cliEvaluationTask,
      {
        snapshot: encoded,
        ruleIds: rules.map((rule) => rule.id),
        params: options.params,
        exceptions: options.exceptions,
      },
      { transfer: snapshotBuffers(encoded) },
    );
    if ('paramsError' in output) throw new CliError(`params: ${output.paramsError}`);
    return JSON.parse(output.report) as ScanReport;
  } finally {
    await pool.destroy();
  }
}
