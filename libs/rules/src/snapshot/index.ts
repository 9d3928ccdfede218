export * from './kinds.js';
export * from './snapshot.js';
