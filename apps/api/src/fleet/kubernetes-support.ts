import { kubernetesReleaseTable, parseKubernetesVersion, releaseOf } from '@meshguard/rules';

export type SupportStatus = 'supported' | 'end-of-life' | 'unknown';

/** A cluster's Kubernetes version against the upstream release table (libs/rules' patching data). */
export interface KubernetesSupport {
  version: string | null;
  minor: string | null;
  endOfLife: string | null;
  status: SupportStatus;
  /** Patch releases behind the latest known for its minor (null when unknown). */
  patchesBehind: number | null;
}

/** Where each version stands in the release table: a fleet runs a few versions, and the overview asks per cluster. */
const placed = new Map<string, { support: KubernetesSupport; endOfLifeMs: number | null }>();

/** Support status at `now`: end-of-life once upstream support ended; unknown when the version cannot be placed. */
export function kubernetesSupport(version: string | null, now: Date): KubernetesSupport {
  const key = version ?? '';
  let entry = placed.get(key);
  if (!entry) {
    if (placed.size > 10_000) placed.clear();
    const support = place(version);
    entry = { support, endOfLifeMs: support.endOfLife ? Date.parse(`${support.endOfLife}T23:59:59Z`) : null };
    placed.set(key, entry);
  }
  const { support, endOfLifeMs } = entry;
  return endOfLifeMs === null ? { ...support } : { ...support, status: endOfLifeMs < now.getTime() ? 'end-of-life' : 'supported' };
}

/** The version's place in the table; the status of a placed release is set against the clock by the caller. */
function place(version: string | null): KubernetesSupport {
  const parsed = parseKubernetesVersion(version ?? undefined);
  const release = parsed ? releaseOf(parsed) : undefined;
  if (!parsed || !release) {
    const { releases } = kubernetesReleaseTable;
    const oldest = releases[0];
    const newest = releases.at(-1);
    // Older than the table: long out of support. Newer: assume supported rather than alarm on a release it predates.
    const status: SupportStatus = !parsed ? 'unknown' : oldest && compareMinor(parsed, oldest.minor) < 0 ? 'end-of-life' : newest && compareMinor(parsed, newest.minor) > 0 ? 'supported' : 'unknown';
    return { version, minor: parsed ? `${parsed.major}.${parsed.minor}` : null, endOfLife: null, status, patchesBehind: null };
  }
  return {
    version,
    minor: release.minor,
    endOfLife: release.endOfLife,
    status: 'supported',
    patchesBehind: Math.max(0, release.latestPatch - parsed.patch),
  };
}

function compareMinor(version: { major: number; minor: number }, minor: string): number {
  const [major = 0, rest = 0] = minor.split('.').map(Number);
  return version.major - major || version.minor - rest;
}
