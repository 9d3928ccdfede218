import { describe, expect, it } from 'vitest';
import { buildReportModel, oscalControlId } from '../src/index.js';
import { renderToBuffer } from './render-helpers.js';
import { fleetInput } from './report-fixtures.js';
import { oscalValidator } from './validators.js';

describe('OSCAL assessment-results renderer', () => {
  const model = buildReportModel(fleetInput());

  it('is valid against the OSCAL 1.1 assessment-results schema in docs/', async () => {
    const validate = oscalValidator();
    const document: unknown = JSON.parse((await renderToBuffer(model, 'oscal')).toString('utf8'));
    expect(validate(document), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
  });

  it('the schema rejects what OSCAL forbids: a third target state, a bad uuid, an empty array', async () => {
    const validate = oscalValidator();
    const text = (await renderToBuffer(model, 'oscal')).toString('utf8');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a free-form OSCAL document, mutated on purpose
    const mutate = (change: (document: any) => void) => {
      const document = JSON.parse(text);
      change(document);
      return validate(document);
    };
    expect(
      mutate(
        (document) => (document['assessment-results'].results[0].findings[0].target.status.state = 'passed'),
      ),
    ).toBe(false);
    expect(mutate((document) => (document['assessment-results'].uuid = 'not-a-uuid'))).toBe(false);
    expect(mutate((document) => (document['assessment-results'].results[0].findings = []))).toBe(false);
  });

  it('never marks a control satisfied that was not measured, and uses token control ids', async () => {
    const document = JSON.parse((await renderToBuffer(model, 'oscal')).toString('utf8'));
    const findings = document['assessment-results'].results[0].findings as {
      target: { 'target-id': string; status: { state: string; reason: string } };
    }[];
    expect(findings).toHaveLength(model.controls.length);
    model.controls.forEach((control, index) => {
      const target = findings[index]!.target;
      expect(target['target-id']).toBe(oscalControlId('cis-k8s-v1.10', control.controlId));
      if (control.status === 'not-assessable' || control.status === 'manual')
        expect(target.status.state).toBe('not-satisfied');
      expect(target.status.reason).toBe(
        control.status === 'pass' ? 'pass' : control.status === 'fail' ? 'fail' : control.status,
      );
    });
    expect(oscalControlId('cis-k8s-v1.10', '5.2.2')).toBe('cis-k8s-v1.10_5.2.2');
  });

  it('gives the same document for the same model (derived uuids)', async () => {
    expect((await renderToBuffer(model, 'oscal')).equals(await renderToBuffer(model, 'oscal'))).toBe(true);
  });
});
