/** Injection token for the validated config handed to the worker's modules. */
export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
