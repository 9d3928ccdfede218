export * from './framework.js';
export * from './framework-index.js';
export * from './cis-k8s-v1.10.js';
export * from './nsa-cisa-v1.2.js';
export * from './mitre-containers.js';
export * from './pss.js';
export * from './soc2.js';
export * from './meshguard-network.js';
