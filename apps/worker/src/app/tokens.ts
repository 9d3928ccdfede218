/** Injection token for the validated config handed to the worker's modules. */
export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
/** The worker's runtime dependencies (database, vault, logger, metrics). */
export const WORKER_RUNTIME = Symbol('WORKER_RUNTIME');
