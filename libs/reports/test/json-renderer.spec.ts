import { describe, expect, it } from 'vitest';
import { buildReportModel, reportJsonSchemaId } from '../src/index.js';
import { fleetInput } from './report-fixtures.js';
import { renderToBuffer } from './render-helpers.js';

describe('JSON renderer', () => {
  const model = buildReportModel(fleetInput());

  it('streams exactly JSON.stringify of the model with its schema id', async () => {
    const bytes = await renderToBuffer(model, 'json');
    expect(bytes.toString('utf8')).toBe(`${JSON.stringify({ $schema: reportJsonSchemaId, ...model })}\n`);
  });

  it('is a pure function of the model: the same bytes twice', async () => {
    expect((await renderToBuffer(model, 'json')).equals(await renderToBuffer(model, 'json'))).toBe(true);
  });
});
