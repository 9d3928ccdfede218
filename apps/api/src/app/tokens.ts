/** Injection tokens for values built outside Nest (config, database) and handed to the app modules. */
export const MESHGUARD_CONFIG = Symbol('MESHGUARD_CONFIG');
export const DATABASE = Symbol('DATABASE');
export const VAULT = Symbol('VAULT');
