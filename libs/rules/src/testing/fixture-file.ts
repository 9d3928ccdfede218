import { readFileSync } from 'node:fs';
import type { RuleParams } from '../engine/rule.js';
import type { ClusterSnapshot } from '../snapshot/snapshot.js';
import { snapshotFromManifests } from './manifest-snapshot.js';

export interface RuleFixture {
  file: string;
  expect: 'pass' | 'fail';
  snapshot: ClusterSnapshot;
  params?: RuleParams;
}

/**
 * Loads a rule fixture. Leading comment lines may set `# params: {json}` (rule param overrides) and
 * `# snapshot: {json}` (snapshot fields such as serverVersion, network or collectedAt).
 */
export function loadRuleFixture(file: string): RuleFixture {
  const text = readFileSync(file, 'utf8');
  const header = (name: string): unknown => {
    const line = text.split('\n').find((candidate) => candidate.startsWith(`# ${name}:`));
    return line ? JSON.parse(line.slice(name.length + 3)) : undefined;
  };
  const { snapshot, skipped } = snapshotFromManifests(text, { location: file });
  const unread = skipped.filter(
    (entry) => !entry.reason.startsWith('not a Kubernetes object') || text.trim() !== '',
  );
  if (unread.some((entry) => !entry.reason.includes('not read by meshguard')))
    throw new Error(`${file}: ${JSON.stringify(unread)}`);
  const params = header('params') as RuleParams | undefined;
  const name = file.split('/').pop() ?? '';
  return {
    file,
    expect: name.startsWith('fail') ? 'fail' : 'pass',
    snapshot: { ...snapshot, ...((header('snapshot') as Partial<ClusterSnapshot> | undefined) ?? {}) },
    ...(params ? { params } : {}),
  };
}
