export { prepareClusterAccess, type ClusterAccessOptions } from './cluster-access.js';
export {
  parseKubeconfig,
  type KubeconfigParseOptions,
  type ParsedKubeconfig,
  type ServerEndpoint,
} from './kubeconfig/kubeconfig-parser.js';
export { KubeconfigRejectedError, type KubeconfigProblem } from './kubeconfig/kubeconfig-rejected.error.js';
export { defaultKubeconfigMaxBytes } from './kubeconfig/kubeconfig-document.js';
export type { ClusterCredential, CredentialKind } from './kubeconfig/cluster-credential.js';
export {
  pinServerAddress,
  systemResolver,
  type ClusterTarget,
  type PinnedAddress,
  type PinOptions,
  type HostResolver,
} from './network/server-address-pinning.js';
export { AddressAllowlist, blockedAddressReason, canonicalAddress } from './network/address-policy.js';
export { KubeApiError } from './client/kube-api.error.js';
export type { ClusterClientOptions, ClientStats } from './client/cluster-client.js';
export { RenewableToken, type IssuedToken } from './client/renewable-token.js';
export { defaultRetryPolicy, type RetryPolicy } from './client/retry-policy.js';
export { verifyAccess, type VerifyAccessOptions } from './access/access-verifier.js';
export {
  assertReadOnly,
  WriteCapableCredentialError,
  type AccessVerdict,
  type AccessClassification,
  type PermissionGrant,
} from './access/access-verdict.js';
export {
  collectEncodedSnapshot,
  collectSnapshot,
  type CollectOptions,
  type CollectionResult,
  type EncodedCollectionResult,
  type KindCollection,
  type KindProgress,
} from './collect/snapshot-collector.js';
export { checkListAccess, type ListAccessReport } from './collect/list-access-check.js';
export {
  loadManifests,
  manifestOriginKey,
  snapshotFromManifests,
  type ManifestLoadOptions,
  type ManifestLoadResult,
  type ManifestOrigin,
  type ManifestSource,
  type ManifestStream,
} from './manifests/manifest-loader.js';
export {
  ManifestSourceError,
  describeManifestProblem,
  type ManifestProblem,
} from './manifests/manifest-problem.js';
export { SecretDigester, classifySecretContent } from './normalize/secret-digester.js';
export {
  kubeconfigFiles,
  loadLocalKubeconfig,
  type KubeconfigLocation,
  type LocalKubeconfig,
} from './kubeconfig/local/local-kubeconfig.js';
export { LocalKubeconfigError } from './kubeconfig/local/local-kubeconfig.error.js';
export {
  prepareTrustedClusterAccess,
  type TrustedAccessOptions,
  type TrustedClusterAccess,
} from './kubeconfig/local/trusted-cluster-access.js';
