/** One timed run: wall time, CPU time of the whole process, the peak RSS during it, and what the run reported. */
export interface Sample {
  readonly ms: number;
  readonly cpuMs?: number;
  readonly peakRssMb?: number;
  /** Numbers the run reported (counts, sizes), kept so a bench can check that floor and subject did the same work. */
  readonly detail?: Readonly<Record<string, number | string>>;
}

/** The runs of one measured thing: the first run in a fresh process (cold) and the later ones (warm). */
export interface Series {
  readonly cold: Sample[];
  readonly warm: Sample[];
}

/** Series by name: the floor's and each subject's, measured in the same run. */
export type Measurements = Record<string, Series>;

/** Appends `more` to `into`, series by series. */
export function mergeMeasurements(into: Measurements, more: Measurements): Measurements {
  for (const [name, series] of Object.entries(more)) {
    const target = (into[name] ??= { cold: [], warm: [] });
    target.cold.push(...series.cold);
    target.warm.push(...series.warm);
  }
  return into;
}
