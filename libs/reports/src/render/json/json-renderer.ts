import type { ComplianceReportModel } from '../../model/report-model.js';
import type { TextSink } from '../text-sink.js';
import { writeJsonStream } from './json-stream.js';

/** JSON: the model itself (docs/compliance-report.schema.json), byte-identical to `JSON.stringify(model)` plus a newline. */
export async function renderJson(model: ComplianceReportModel, out: TextSink): Promise<void> {
  await writeJsonStream(out, { $schema: reportJsonSchemaId, ...model });
  out.write('\n');
}

/** The `$id` of docs/compliance-report.schema.json, written into every JSON report. */
export const reportJsonSchemaId = 'https://meshguard.io/schemas/compliance-report/v1.json';
