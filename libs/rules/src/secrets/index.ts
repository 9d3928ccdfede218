export * from './credential-name.js';
export * from './secret-content.detector.js';
