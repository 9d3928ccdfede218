/**
 * Kubernetes minor releases: end of upstream support and the latest patch known when the table was last updated.
 * Sources: kubernetes.io/releases and the release patch schedule. Update with every patch release.
 */
export const kubernetesReleaseTable = {
  updated: '2025-10-15',
  releases: [
    { minor: '1.25', endOfLife: '2023-10-28', latestPatch: 16 },
    { minor: '1.26', endOfLife: '2024-02-28', latestPatch: 15 },
    { minor: '1.27', endOfLife: '2024-06-28', latestPatch: 16 },
    { minor: '1.28', endOfLife: '2024-10-28', latestPatch: 15 },
    { minor: '1.29', endOfLife: '2025-02-28', latestPatch: 15 },
    { minor: '1.30', endOfLife: '2025-06-28', latestPatch: 14 },
    { minor: '1.31', endOfLife: '2025-10-28', latestPatch: 13 },
    { minor: '1.32', endOfLife: '2026-02-28', latestPatch: 9 },
    { minor: '1.33', endOfLife: '2026-06-28', latestPatch: 5 },
    { minor: '1.34', endOfLife: '2026-10-27', latestPatch: 1 },
  ],
} as const;

export interface ParsedVersion {
  major: number;
  minor: number;
  patch: number;
}

/** Parses `v1.31.4`, `v1.31.4-eks-1234`, `1.31.4+k3s1` into numbers; undefined when unparseable. */
export function parseKubernetesVersion(text: string | undefined): ParsedVersion | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text ?? '');
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3] ?? 0) };
}

/** The table entry of a version's minor release, if the table knows it. */
export function releaseOf(
  version: ParsedVersion,
): (typeof kubernetesReleaseTable.releases)[number] | undefined {
  return kubernetesReleaseTable.releases.find(
    (release) => release.minor === `${version.major}.${version.minor}`,
  );
}
