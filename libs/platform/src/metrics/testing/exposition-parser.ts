/** One sample line of the Prometheus text format. */
export interface ExpositionSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  /** Metric family name → TYPE. */
  types: Map<string, string>;
  help: Map<string, string>;
  samples: ExpositionSample[];
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const labelPair = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\["\\n])*)"\s*(?:,|$)/;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests: every line must be a comment, a
 * HELP/TYPE line or a well-formed sample, each family is declared once, and each sample belongs to a declared family.
 * Throws naming the first bad line.
 */
export function parseExposition(text: string): Exposition {
  const exposition: Exposition = { types: new Map(), help: new Map(), samples: [] };
  if (!text.endsWith('\n')) throw new SyntaxError('exposition must end with a newline');
  text
    .slice(0, -1)
    .split('\n')
    .forEach((line, index) => {
      const fail = (why: string): never => {
        throw new SyntaxError(`line ${index + 1} ${JSON.stringify(line)}: ${why}`);
      };
      if (line === '') return;
      if (line.startsWith('#')) {
        const [, keyword, name, ...rest] = line.split(' ');
        if (keyword !== 'HELP' && keyword !== 'TYPE') return;
        if (!name || !metricName.test(name)) fail('bad metric name');
        const target = keyword === 'HELP' ? exposition.help : exposition.types;
        if (target.has(name!)) fail(`second ${keyword} for ${name}`);
        if (
          keyword === 'TYPE' &&
          !['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest.join(' '))
        )
          fail('unknown type');
        target.set(name!, rest.join(' '));
        return;
      }
      const match = sampleLine.exec(line) ?? fail('not a sample line');
      const [, name, labelText, valueText] = match;
      const labels: Record<string, string> = {};
      let remaining = labelText ?? '';
      while (remaining.trim() !== '') {
        const pair = labelPair.exec(remaining) ?? fail(`bad label syntax near ${JSON.stringify(remaining)}`);
        if (pair[1]! in labels) fail(`label ${pair[1]} repeated`);
        labels[pair[1]!] = pair[2]!.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1');
        remaining = remaining.slice(pair[0].length);
      }
      const value = parseSampleValue(valueText!) ?? fail('value is not a number');
      const family = [...exposition.types.keys()].find(
        (declared) =>
          name === declared ||
          (/^_(bucket|sum|count|total|created)$/.test(name!.slice(declared.length)) &&
            name!.startsWith(declared)),
      );
      if (!family) fail(`sample ${name} has no TYPE declared before it`);
      exposition.samples.push({ name: name!, labels, value });
    });
  return exposition;
}

/** Go's ParseFloat, which Prometheus uses: decimal or exponent notation, and NaN / ±Inf in any letter case. */
function parseSampleValue(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (/^[+-]?inf(inity)?$/.test(lower)) return lower.startsWith('-') ? -Infinity : Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(lower)) return undefined;
  return Number(text);
}

/** The value of the one sample with this name whose labels include `labels`; throws when there is none or several. */
export function sampleValue(
  exposition: Exposition,
  name: string,
  labels: Record<string, string> = {},
): number {
  const matches = exposition.samples.filter(
    (sample) =>
      sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  if (matches.length !== 1)
    throw new Error(`expected one sample ${name}${JSON.stringify(labels)}, found ${matches.length}`);
  return matches[0]!.value;
}
