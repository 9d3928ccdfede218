import { parseKubeconfig, type KubeconfigParseOptions } from './kubeconfig/kubeconfig-parser.js';
import { pinServerAddress, type ClusterTarget, type PinOptions } from './network/server-address-pinning.js';

export type ClusterAccessOptions = KubeconfigParseOptions & PinOptions;

/**
 * Kubeconfig intake in one call: parse and vet the kubeconfig, resolve its server once and pin a permitted address.
 * Call it again for every scan (addresses may change), then hand the target to verifyAccess or collectSnapshot.
 * Throws KubeconfigRejectedError with every problem found.
 */
export async function prepareClusterAccess(
  kubeconfig: string | Uint8Array,
  options: ClusterAccessOptions = {},
): Promise<ClusterTarget> {
  return pinServerAddress(parseKubeconfig(kubeconfig, options), options);
}
