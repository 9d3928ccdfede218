import type { Measurements, Sample, Series } from './sample.js';
import { stats, type Stats } from './stats.js';

export type Verdict = 'PASS' | 'MISS' | 'info';
/** What a row compares: wall time, CPU time or peak RSS of each run. */
export type Metric = 'ms' | 'cpuMs' | 'peakRssMb';
const metricUnits: Record<Metric, string> = { ms: 'ms', cpuMs: 'CPU ms', peakRssMb: 'peak RSS MB' };

/** A target: `value` (what the run measured) must be at most `max`; `label` says what it is, e.g. "cold ratio ≤ 2". */
export interface Target {
  readonly label: string;
  readonly max: number;
  readonly value: number;
}

/** One line of the printed table. */
export interface BenchRow {
  readonly bench: string;
  readonly case: string;
  readonly subject: string;
  readonly floor?: string;
  readonly unit: string;
  readonly subjectCold?: Stats;
  readonly floorCold?: Stats;
  readonly subjectWarm?: Stats;
  readonly floorWarm?: Stats;
  readonly ratioCold?: number;
  readonly ratioWarm?: number;
  readonly peakRssMb?: number;
  readonly floorPeakRssMb?: number;
  readonly target?: Target;
  readonly verdict: Verdict;
  readonly note?: string;
}

export interface CompareOptions {
  readonly bench: string;
  readonly case: string;
  /** Names of the series in the measurements. */
  readonly floor: string;
  readonly subject: string;
  /** Labels for the table, when the series names are short. */
  readonly floorLabel?: string;
  readonly subjectLabel?: string;
  readonly unit?: string;
  /** The target ratio to the floor; judged on the cold median unless `on: 'warm'` (for long-running servers). */
  readonly maxRatio?: number;
  readonly on?: 'cold' | 'warm';
  /** Judge on CPU time or peak RSS instead of wall time. */
  readonly metric?: Metric;
  readonly note?: string;
}

const valuesOf = (samples: readonly Sample[], metric: Metric) =>
  samples.map((sample) => sample[metric]).filter((value): value is number => typeof value === 'number');
const statsOf = (samples: readonly Sample[], metric: Metric) => {
  const values = valuesOf(samples, metric);
  return values.length ? stats(values) : undefined;
};
const peakOf = (series: Series) => {
  const peaks = [...series.cold, ...series.warm].map((s) => s.peakRssMb).filter((p): p is number => typeof p === 'number');
  return peaks.length ? Math.max(...peaks) : undefined;
};

/**
 * The subject against the floor measured in the same run: min/median/max of cold and warm runs, the ratio of the
 * medians, the subject's peak RSS, and the verdict on the cold median (the run a user gets) unless told otherwise.
 */
export function compareToFloor(measurements: Measurements, options: CompareOptions): BenchRow {
  const floor = measurements[options.floor];
  const subject = measurements[options.subject];
  if (!floor || !subject) throw new Error(`no measurements named ${!floor ? options.floor : options.subject}`);
  const metric = options.metric ?? 'ms';
  const floorCold = statsOf(floor.cold, metric);
  const subjectCold = statsOf(subject.cold, metric);
  const floorWarm = statsOf(floor.warm, metric);
  const subjectWarm = statsOf(subject.warm, metric);
  const ratioCold = floorCold && subjectCold ? subjectCold.median / floorCold.median : undefined;
  const ratioWarm = floorWarm && subjectWarm ? subjectWarm.median / floorWarm.median : undefined;
  const on = options.on ?? 'cold';
  const judged = on === 'cold' ? ratioCold : ratioWarm;
  const target =
    options.maxRatio === undefined || judged === undefined
      ? undefined
      : { label: `${on}${metric === 'ms' ? '' : ` ${metricUnits[metric]}`} ratio ≤ ${options.maxRatio}`, max: options.maxRatio, value: judged };
  const peakRssMb = peakOf(subject);
  const floorPeakRssMb = peakOf(floor);
  return {
    bench: options.bench,
    case: options.case,
    subject: options.subjectLabel ?? options.subject,
    floor: options.floorLabel ?? options.floor,
    unit: metric === 'ms' ? (options.unit ?? 'ms') : metricUnits[metric],
    ...(subjectCold ? { subjectCold } : {}),
    ...(floorCold ? { floorCold } : {}),
    ...(subjectWarm ? { subjectWarm } : {}),
    ...(floorWarm ? { floorWarm } : {}),
    ...(ratioCold === undefined ? {} : { ratioCold }),
    ...(ratioWarm === undefined ? {} : { ratioWarm }),
    ...(peakRssMb === undefined ? {} : { peakRssMb }),
    ...(floorPeakRssMb === undefined ? {} : { floorPeakRssMb }),
    ...(target ? { target } : {}),
    verdict: verdictOf(target),
    ...(options.note ? { note: options.note } : {}),
  };
}

/** An informational row for one series without a floor (e.g. a whole scan, whose phases have their own floors). */
export function seriesRow(
  measurements: Measurements,
  options: { bench: string; case: string; subject: string; subjectLabel?: string; note?: string },
): BenchRow {
  const series = measurements[options.subject];
  if (!series) throw new Error(`no measurements named ${options.subject}`);
  const subjectCold = statsOf(series.cold, 'ms');
  const subjectWarm = statsOf(series.warm, 'ms');
  const peakRssMb = peakOf(series);
  return {
    bench: options.bench,
    case: options.case,
    subject: options.subjectLabel ?? options.subject,
    unit: 'ms',
    ...(subjectCold ? { subjectCold } : {}),
    ...(subjectWarm ? { subjectWarm } : {}),
    ...(peakRssMb === undefined ? {} : { peakRssMb }),
    verdict: 'info',
    ...(options.note ? { note: options.note } : {}),
  };
}

export interface CheckOptions {
  readonly bench: string;
  readonly case: string;
  readonly subject: string;
  readonly unit: string;
  readonly value: number;
  /** Absent: the row is informational. */
  readonly max?: number;
  readonly label?: string;
  readonly note?: string;
}

/** A row for a target that is not a ratio to a floor (peak RSS, a share of another phase), or a figure for information. */
export function checkRow(options: CheckOptions): BenchRow {
  const target =
    options.max === undefined
      ? undefined
      : { label: options.label ?? `${options.unit} ≤ ${options.max}`, max: options.max, value: options.value };
  return {
    bench: options.bench,
    case: options.case,
    subject: options.subject,
    unit: options.unit,
    subjectCold: { min: options.value, median: options.value, max: options.value, n: 1 },
    ...(target ? { target } : {}),
    verdict: verdictOf(target),
    ...(options.note ? { note: options.note } : {}),
  };
}

/** A row from series measured elsewhere (e.g. latency percentiles per window): `subject` and `floor` are the values. */
export function rowFromValues(options: {
  bench: string;
  case: string;
  subject: string;
  floor: string;
  unit: string;
  subjectValues: readonly number[];
  floorValues: readonly number[];
  maxRatio?: number;
  label?: string;
  peakRssMb?: number;
  note?: string;
}): BenchRow {
  const subjectWarm = stats(options.subjectValues);
  const floorWarm = stats(options.floorValues);
  const ratioWarm = subjectWarm.median / floorWarm.median;
  const target =
    options.maxRatio === undefined
      ? undefined
      : { label: options.label ?? `median ratio ≤ ${options.maxRatio}`, max: options.maxRatio, value: ratioWarm };
  return {
    bench: options.bench,
    case: options.case,
    subject: options.subject,
    floor: options.floor,
    unit: options.unit,
    subjectWarm,
    floorWarm,
    ratioWarm,
    ...(options.peakRssMb === undefined ? {} : { peakRssMb: options.peakRssMb }),
    ...(target ? { target } : {}),
    verdict: verdictOf(target),
    ...(options.note ? { note: options.note } : {}),
  };
}

/** PASS when the value is within the target, MISS when not, info without a target. */
export function verdictOf(target: Target | undefined): Verdict {
  if (!target) return 'info';
  return Number.isFinite(target.value) && target.value <= target.max ? 'PASS' : 'MISS';
}

/** Marks a row MISS with a reason the ratio cannot show (e.g. the served rate fell below the offered rate). */
export function withMiss(row: BenchRow, reason: string): BenchRow {
  return { ...row, verdict: 'MISS', note: row.note ? `${row.note}; ${reason}` : reason };
}
