export * from './entropy.js';
export * from './secret-content.detector.js';
