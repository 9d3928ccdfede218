export * from './kubernetes-releases.js';
export * from './deprecated-apis.js';
