export {
  startSimulator,
  type SimulatorOptions,
  type RunningSimulator,
  type KubeconfigOptions,
} from './simulator.js';
export type { K8sObject } from './api/k8s-object.js';
export { resourceCatalog, groupVersionOf, type ResourceType } from './api/resource-catalog.js';
export type { Status, StatusReason } from './api/status.js';
export {
  defaultTokenScopes,
  readOnlyScope,
  readRules,
  type TokenScope,
  type PolicyRule,
  type DefaultScopeName,
} from './auth/token-scope.js';
export type { BasicAuthUser } from './auth/authenticator.js';
export type { FaultOptions, FaultKind } from './faults/fault-injector.js';
export type { SimulatorStats } from './server/request-stats.js';
export type { ClientIdentity, IssuedCertificate } from './tls/certificate-authority.js';
export { loadManifests, ManifestError } from './manifests/manifest-loader.js';
export { churnedObjects, type ChurnChange, type ChurnOptions } from './generator/churn.js';
export { generateCluster, syntheticNetwork, type GenerateOptions } from './generator/cluster-generator.js';
export { planCluster, plannedCounts, type ClusterPlan } from './generator/cluster-plan.js';
export {
  presetSizes,
  syntheticRates,
  clusterMisconfigurations,
  type PresetName,
  type PresetSize,
} from './generator/presets.js';
export { optionalKindFamilies, type OptionalKindFamily } from './generator/optional-kinds-builder.js';
export { startSimulatorProcess, type SimulatorProcess } from './process/simulator-process.js';
