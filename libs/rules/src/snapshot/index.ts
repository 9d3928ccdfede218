export * from './kinds.js';
export * from './snapshot.js';
export * from './encoded-snapshot.js';
