export { alternate, type AlternateOptions, type BenchCase } from './alternate.js';
export {
  checkRow,
  compareToFloor,
  rowFromValues,
  seriesRow,
  verdictOf,
  withMiss,
  type BenchRow,
  type CheckOptions,
  type CompareOptions,
  type Metric,
  type Target,
  type Verdict,
} from './comparison.js';
export { benchArgs, benchProcessIndex, inFreshProcesses, isBenchChild, reportToParent, type FreshProcessesOptions } from './fresh-processes.js';
export { describeMachine, machineLine, type Machine } from './machine.js';
export { timedProcess, type ProcessRun, type ProcessRunOptions } from './process-run.js';
export { jsonLinePrefix, markdownTable, printReport, resultsFileVariable, tableLines, type BenchReport } from './report.js';
export { processPeakRssMb, startRssSampler, statusKb, type RssSampler, type RssSamplerOptions } from './rss-sampler.js';
export { mergeMeasurements, type Measurements, type Sample, type Series } from './sample.js';
export { stats, type Stats } from './stats.js';
export { collectGarbage, timedRun, type TimedRunOptions } from './timed-run.js';
