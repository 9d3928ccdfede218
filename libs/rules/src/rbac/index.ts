export * from './rbac-graph.js';
