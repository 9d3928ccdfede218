import { peerKey, type Connection } from './connectivity.js';

/** Output formats of connectivity results. */
export const connectivityFormats = ['txt', 'json', 'csv', 'md', 'dot'] as const;
export type ConnectivityFormat = (typeof connectivityFormats)[number];

export interface FormatOptions {
  /** Workload keys to mark as reachable from outside the cluster (dot: red double circle; md: a marker). */
  exposed?: ReadonlySet<string>;
}

/** The `{ src, dst, conn }` tuple every format carries (netpol-analyzer's JSON shape). */
export interface ConnectionTuple {
  src: string;
  dst: string;
  conn: string;
}

export function connectionTuples(list: Connection[]): ConnectionTuple[] {
  return list.map((c) => ({ src: peerKey(c.src), dst: peerKey(c.dst), conn: c.conns.toString() }));
}

const csvField = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const dotString = (v: string): string => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * Renders connections: `txt` is one `src => dst : conn` line each (netpol-analyzer's format, so results can be
 * diffed against it), `json` the same tuples, `csv`/`md` tables, `dot` a Graphviz graph with namespaces as clusters.
 */
export function formatConnectivity(list: Connection[], format: ConnectivityFormat, options: FormatOptions = {}): string {
  const tuples = connectionTuples(list);
  switch (format) {
    case 'txt':
      return tuples.map((t) => `${t.src} => ${t.dst} : ${t.conn}`).join('\n');
    case 'json':
      return JSON.stringify(tuples, null, 2);
    case 'csv':
      return ['src,dst,conn', ...tuples.map((t) => [t.src, t.dst, t.conn].map(csvField).join(','))].join('\n');
    case 'md': {
      const mark = (key: string): string => (options.exposed?.has(key) ? `${key} (exposed)` : key);
      const cell = (v: string): string => v.replace(/\|/g, '\\|');
      return ['| src | dst | conn |', '|-----|-----|------|', ...tuples.map((t) => `| ${cell(mark(t.src))} | ${cell(mark(t.dst))} | ${cell(t.conn)} |`)].join('\n');
    }
    case 'dot':
      return formatDot(list, options);
  }
}

function formatDot(list: Connection[], options: FormatOptions): string {
  const namespaces = new Map<string, Map<string, string>>();
  const externals = new Set<string>();
  for (const c of list) {
    for (const p of [c.src, c.dst]) {
      if (p.type === 'workload') {
        const nodes = namespaces.get(p.workload.ref.namespace) ?? new Map<string, string>();
        nodes.set(p.workload.key, `${p.workload.ref.name}[${p.workload.ref.kind}]`);
        namespaces.set(p.workload.ref.namespace, nodes);
      } else externals.add(peerKey(p));
    }
  }
  const lines = ['digraph {'];
  for (const ns of [...namespaces.keys()].sort()) {
    lines.push(`\tsubgraph ${dotString(`cluster_${ns}[namespace]`)} {`, '\t\tcolor="black"', '\t\tfontcolor="black"');
    const nodes = namespaces.get(ns)!;
    for (const key of [...nodes.keys()].sort()) {
      const exposed = options.exposed?.has(key);
      const style = exposed ? 'color="red2" fontcolor="red2" shape=doublecircle xlabel="exposed"' : 'color="blue" fontcolor="blue"';
      lines.push(`\t\t${dotString(key)} [label=${dotString(nodes.get(key)!)} ${style}]`);
    }
    lines.push(`\t\tlabel=${dotString(`${ns}[namespace]`)}`, '\t}');
  }
  for (const ext of [...externals].sort()) lines.push(`\t${dotString(ext)} [label=${dotString(ext)} color="red2" fontcolor="red2"]`);
  for (const t of connectionTuples(list)) {
    lines.push(`\t${dotString(t.src)} -> ${dotString(t.dst)} [label=${dotString(t.conn)} color="gold2" fontcolor="darkgreen"]`);
  }
  lines.push('}');
  return lines.join('\n');
}
