export * from './pod-spec.types.js';
export * from './pod-specs.js';
export * from './resource-ref.js';
export * from './image-reference.js';
