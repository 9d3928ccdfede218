import { describe, expect, it } from 'vitest';
import { buildReportModel, reportJsonSchemaId } from '../src/index.js';
import { renderToBuffer } from './render-helpers.js';
import { fleetInput } from './report-fixtures.js';
import { reportJsonValidator } from './validators.js';

describe('JSON renderer', () => {
  const model = buildReportModel(fleetInput());

  it('streams exactly JSON.stringify of the model with its schema id', async () => {
    const bytes = await renderToBuffer(model, 'json');
    expect(bytes.toString('utf8')).toBe(`${JSON.stringify({ $schema: reportJsonSchemaId, ...model })}\n`);
  });

  it('is valid against the published schema in docs/', async () => {
    const validate = reportJsonValidator();
    const parsed: unknown = JSON.parse((await renderToBuffer(model, 'json')).toString('utf8'));
    expect(validate(parsed), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
  });

  it('the schema rejects a report that claims a status it does not define', async () => {
    const validate = reportJsonValidator();
    const parsed = JSON.parse((await renderToBuffer(model, 'json')).toString('utf8')) as {
      controls: { status: string }[];
    };
    parsed.controls[0]!.status = 'compliant';
    expect(validate(parsed)).toBe(false);
  });

  it('is a pure function of the model: the same bytes twice', async () => {
    expect((await renderToBuffer(model, 'json')).equals(await renderToBuffer(model, 'json'))).toBe(true);
  });
});
