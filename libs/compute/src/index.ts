export { ComputePool, defaultThreadCount, withoutResolveConditions, type ComputePoolOptions, type ComputeRunOptions } from './compute-pool.js';
export {
  assertTaskBuilt,
  builtModulePath,
  ComputeTaskMissingError,
  defineComputeTask,
  type ComputeTask,
} from './compute-task.js';
export { isThreadCrash, ThreadCrashError } from './thread-crash.error.js';
