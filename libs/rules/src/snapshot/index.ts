export * from './kinds.js';
export * from './snapshot.js';
export * from './list-item.js';
