import { describe, expect, it } from 'vitest';
import type { Evidence } from './rule.js';
import { redactEvidence, redactEvidenceList } from './evidence-redaction.js';

describe('redactEvidenceList', () => {
  it('keeps the list and its items when nothing needs redacting', () => {
    const evidence: Evidence[] = [{ pointer: '/spec/replicas' }, { pointer: '/spec/image', value: 'nginx:1.27' }];
    const reported = redactEvidenceList(evidence);
    expect(reported).toBe(evidence);
    expect(reported).toEqual(evidence.map(redactEvidence));
  });

  it('redacts flagged and secret-looking values as redactEvidence does, leaving the rule’s list untouched', () => {
    const evidence: Evidence[] = [
      { pointer: '/data/name', value: 'shop' },
      { pointer: '/data/kubeconfig', value: 'users: [token: abc]', sensitive: true },
      { pointer: '/data/AWS_KEY', value: 'AKIAABCDEFGHIJKLMNOP' },
      { value: 'x', pointer: '/data/order' } as Evidence,
      { pointer: '/data/flag', value: 1, sensitive: false },
    ];
    const copy = structuredClone(evidence);
    const reported = redactEvidenceList(evidence);
    expect(reported).not.toBe(evidence);
    expect(JSON.stringify(reported)).toBe(JSON.stringify(evidence.map(redactEvidence)));
    expect(reported[0]).toBe(evidence[0]);
    expect(reported[1]!.value).toBe('<redacted, 19 chars>');
    expect(evidence).toEqual(copy);
  });

  it('checks shared frozen lists like any other, every time one needs redacting', () => {
    const clean = Object.freeze([Object.freeze({ pointer: '/spec/image', value: 'nginx:1.27' })]) as Evidence[];
    const secret = Object.freeze([Object.freeze({ pointer: '/data/AWS_KEY', value: 'AKIAABCDEFGHIJKLMNOP' })]) as Evidence[];
    expect(redactEvidenceList(clean)).toBe(clean);
    expect(redactEvidenceList(clean)).toBe(clean);
    expect(redactEvidenceList(secret)[0]!.value).toBe('<redacted aws-access-key-id, 20 chars>');
    expect(redactEvidenceList(secret)[0]!.value).toBe('<redacted aws-access-key-id, 20 chars>');
    expect(redactEvidenceList(clean)).toBe(clean);
  });
});
