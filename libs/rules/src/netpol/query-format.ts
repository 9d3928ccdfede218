import { formatRange } from './ip-range.js';
import type { WorkloadExposure } from './exposure.js';
import type { LateralPath } from './lateral-paths.js';

/** JSON-safe exposure (address ranges as `lo-hi` text, connections as strings), for `--format json` and storage. */
export function exposureToJson(list: WorkloadExposure[]): unknown[] {
  return list.map((e) => ({
    workload: e.workload.key,
    internetExposed: e.internetExposed,
    entryPoints: e.entryPoints.map((p) => ({
      via: p.via,
      object: p.object,
      ports: p.ports.toString(),
      allowed: p.allowed.toString(),
      ...(p.sources ? { sources: p.sources.map((s) => ({ range: formatRange(s.range), conn: s.conns.toString() })) } : {}),
      ...(p.detail ? { detail: p.detail } : {}),
    })),
    blocked: e.blocked.map((p) => ({ via: p.via, object: p.object, ports: p.ports.toString() })),
    fromExternal: e.fromExternal.map((s) => ({ range: formatRange(s.range), conn: s.conns.toString() })),
  }));
}

/** Text exposure report: exposed workloads first, one line per entry point. */
export function formatExposure(list: WorkloadExposure[], options: { all?: boolean } = {}): string {
  const lines: string[] = [];
  const sorted = [...list].sort((a, b) => Number(b.internetExposed) - Number(a.internetExposed) || a.workload.key.localeCompare(b.workload.key));
  for (const e of sorted) {
    if (!e.internetExposed && !options.all) continue;
    lines.push(`${e.workload.key}: ${e.internetExposed ? 'EXPOSED' : 'not exposed'}`);
    for (const p of e.entryPoints) {
      const sources = p.sources?.length ? ` from ${p.sources.map((s) => formatRange(s.range)).join(', ')}` : '';
      lines.push(`  via ${p.via} ${p.object}: ${p.allowed.toString()}${sources}${p.detail ? ` (${p.detail})` : ''}`);
    }
    for (const p of e.blocked) lines.push(`  blocked ${p.via} ${p.object}: ${p.ports.toString()} not admitted by policies`);
  }
  return lines.length ? lines.join('\n') : 'No workload is reachable from outside the cluster.';
}

/** JSON-safe lateral paths. */
export function lateralPathsToJson(paths: LateralPath[]): unknown[] {
  return paths.map((p) => ({ source: p.source, target: p.target, reasons: p.reasons, hops: p.hops.map((h) => ({ workload: h.workload, conn: h.conns.toString() })) }));
}

/** `source -> hop (conn) -> target (conn) [reasons]`, one line per path. */
export function formatLateralPaths(paths: LateralPath[]): string {
  if (paths.length === 0) return 'No path from an internet-exposed workload to a sensitive target.';
  return paths.map((p) => `${p.source} -> ${p.hops.map((h) => `${h.workload} (${h.conns.toString()})`).join(' -> ')} [${p.reasons.join(', ')}]`).join('\n');
}
