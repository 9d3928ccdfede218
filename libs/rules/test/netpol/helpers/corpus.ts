import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConnSet } from '../../../src/netpol/conn-set.js';
import { mergeRanges, peerKey, type Connection } from '../../../src/netpol/connectivity.js';
import { parseCidr, type IpRange } from '../../../src/netpol/ip-range.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');

/** `../shared/corpora` beside the repository (the workspace layout and CI checkout), or undefined when absent. */
export function corporaRoot(): string | undefined {
  const dir = path.resolve(repoRoot, '..', 'shared', 'corpora');
  return existsSync(path.join(dir, 'netpol', 'README.md')) ? dir : undefined;
}

export interface AnalyzerCase {
  id: string;
  features: string[];
  input_dir: string;
  options: Record<string, unknown>;
  check: { id: string };
  expect: { complete?: boolean; allowed?: { src: string; dst: string; conn: string }[] };
}

export function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

const externalRe = /^(\d+\.\d+\.\d+\.\d+)-(\d+\.\d+\.\d+\.\d+)(\[External\])?$/;

/**
 * A comparable form of a connection list: workload pairs → conn text, and per (workload, direction) the external
 * IPv4 space as merged ranges → conn text, so different splits of the address space compare equal.
 */
export function normalizeConnlist(lines: { src: string; dst: string; conns: ConnSet }[]): Map<string, string> {
  const out = new Map<string, string>();
  const external = new Map<string, { range: IpRange; conns: ConnSet }[]>();
  for (const { src, dst, conns } of lines) {
    if (conns.isEmpty) continue;
    const s = externalRe.exec(src);
    const d = externalRe.exec(dst);
    if (s || d) {
      const m = (s ?? d)!;
      const range: IpRange = { family: 4, lo: parseCidr(m[1]!).lo, hi: parseCidr(m[2]!).lo };
      const key = s ? `${dst} <= external` : `${src} => external`;
      const list = external.get(key) ?? [];
      list.push({ range, conns });
      external.set(key, list);
    } else out.set(`${src} => ${dst}`, conns.toString());
  }
  for (const [key, list] of external) {
    list.sort((a, b) => (a.range.lo < b.range.lo ? -1 : 1));
    const filled: { range: IpRange; conns: ConnSet }[] = [];
    let next = 0n;
    for (const item of list) {
      if (item.range.lo > next) filled.push({ range: { family: 4, lo: next, hi: item.range.lo - 1n }, conns: ConnSet.none });
      filled.push(item);
      next = item.range.hi + 1n;
    }
    if (next <= 0xffffffffn) filled.push({ range: { family: 4, lo: next, hi: 0xffffffffn }, conns: ConnSet.none });
    for (const m of mergeRanges(filled)) {
      if (!m.conns.isEmpty) out.set(`${key} ${m.range.lo}-${m.range.hi}`, m.conns.toString());
    }
  }
  return out;
}

export function normalizeOurs(conns: Connection[]): Map<string, string> {
  return normalizeConnlist(conns.filter((c) => !(c.src.type === 'external' && c.src.range.family === 6) && !(c.dst.type === 'external' && c.dst.range.family === 6)).map((c) => ({ src: peerKey(c.src), dst: peerKey(c.dst), conns: c.conns })));
}

export interface Diff {
  missing: string[];
  extra: string[];
  different: string[];
}

export function diffMaps(expected: Map<string, string>, actual: Map<string, string>): Diff {
  const diff: Diff = { missing: [], extra: [], different: [] };
  for (const [k, v] of expected) {
    const a = actual.get(k);
    if (a === undefined) diff.missing.push(`${k} : ${v}`);
    else if (a !== v) diff.different.push(`${k} : expected ${v}, got ${a}`);
  }
  for (const [k, v] of actual) if (!expected.has(k)) diff.extra.push(`${k} : ${v}`);
  return diff;
}

export interface Line {
  src: string;
  dst: string;
  conns: ConnSet;
}

const nameOf = (key: string): { ns?: string; name: string } => {
  if (key === '{ingress-controller}') return { name: 'ingress-controller' };
  const m = /^([^/]+)\/([^[]+)\[/.exec(key);
  return m ? { ns: m[1]!, name: m[2]! } : { name: key };
};

function focusMatches(focus: string, key: string): boolean {
  const n = nameOf(key);
  if (focus.includes('/')) return `${n.ns}/${n.name}` === focus;
  return n.name === focus;
}

/** Applies netpol-analyzer's focus options (workloads, direction, peers, connection) to a complete list. */
export function applyFocus(lines: Line[], options: Record<string, unknown>): Line[] {
  const workloads = options['focusWorkloads'] as string[] | undefined;
  const peers = options['focusWorkloadPeers'] as string[] | undefined;
  const direction = options['focusDirection'] as 'ingress' | 'egress' | undefined;
  const conn = options['focusConn'] as string | undefined;
  let out = lines;
  if (workloads) {
    out = out.filter((l) => {
      const asSrc = workloads.some((f) => focusMatches(f, l.src)) && (!peers || peers.some((p) => focusMatches(p, l.dst)));
      const asDst = workloads.some((f) => focusMatches(f, l.dst)) && (!peers || peers.some((p) => focusMatches(p, l.src)));
      return direction === 'ingress' ? asDst : direction === 'egress' ? asSrc : asSrc || asDst;
    });
  }
  if (conn) {
    const [proto, port] = conn.split('-');
    const only = ConnSet.ports(proto!.toUpperCase() as 'TCP', Number(port));
    out = out.map((l) => ({ ...l, conns: l.conns.intersect(only) })).filter((l) => !l.conns.isEmpty);
  }
  return out;
}
