export * from './snapshot/index.js';
export * from './engine/vocabulary.js';
export * from './engine/rule.js';
