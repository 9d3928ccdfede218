export * from './manifest-snapshot.js';
export * from './fixture-file.js';
