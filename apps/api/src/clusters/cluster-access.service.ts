import { Inject, Injectable } from '@nestjs/common';
import type { MeshguardConfig } from '@meshguard/config';
import type { AccessVerdict, ClusterTarget, KubeApiError } from '@meshguard/k8s';
import { MESHGUARD_CONFIG } from '../app/tokens.js';
import { DomainError } from '../problems/domain-error.js';

/** What checking a kubeconfig against its cluster found. */
export interface ClusterCheck {
  target: ClusterTarget;
  verdict: AccessVerdict;
  unreadableKinds: string[];
}

export interface CheckOptions {
  context?: string;
  allowInsecureTls?: boolean;
  field: string;
  allowedAddress?: string | null;
}

const requestTimeoutMs = 15_000;

/** The operator's allowlist plus the one address a single cluster may be reached at; never wider than that cluster. */
export function clusterAllowlist(operator: readonly string[], allowedAddress: string | null | undefined): string[] {
  return allowedAddress ? [...operator, allowedAddress] : [...operator];
}

/** libs/k8s with the Kubernetes client, loaded on the first cluster check: serving pages does not need it. */
let k8sModule: Promise<typeof import('@meshguard/k8s')> | undefined;
const k8s = () => (k8sModule ??= import('@meshguard/k8s'));

/**
 * Vets a kubeconfig (libs/k8s intake), then asks its cluster what the credential may do. Anything but a read-only
 * credential is refused with the offending permissions; nothing is stored by this service.
 */
@Injectable()
export class ClusterAccessService {
  constructor(@Inject(MESHGUARD_CONFIG) private readonly config: MeshguardConfig) {}

  /** `allowedAddress`: the one extra address this cluster alone may be reached at (the demo cluster's loopback). */
  async check(kubeconfig: string, options: CheckOptions): Promise<ClusterCheck> {
    const { checkListAccess, KubeApiError, verifyAccess } = await k8s();
    const target = await this.prepare(kubeconfig, options);
    try {
      const verdict = await verifyAccess(target, { requestTimeoutMs });
      if (verdict.classification === 'write-capable') {
        throw new DomainError(
          'cluster-write-capable',
          'The credential can change the cluster; meshguard only accepts read-only credentials (see docs/cluster-access.md).',
          [],
          { classification: 'write-capable', writePermissions: verdict.writePermissions },
        );
      }
      if (verdict.classification !== 'read-only') {
        throw new DomainError('cluster-access-unknown', `The cluster did not let us prove the credential is read-only: ${verdict.notes.join('; ')}`, [], {
          classification: 'unknown',
        });
      }
      const access = await checkListAccess(target, { requestTimeoutMs });
      return { target, verdict, unreadableKinds: access.gaps.map((gap) => gap.kind) };
    } catch (error) {
      if (error instanceof KubeApiError) throw verificationError(error, target.kubeconfig.server.url);
      throw error;
    }
  }

  private async prepare(kubeconfig: string, options: CheckOptions): Promise<ClusterTarget> {
    const { KubeconfigRejectedError, prepareClusterAccess } = await k8s();
    try {
      return await prepareClusterAccess(kubeconfig, {
        context: options.context,
        allowInsecureSkipTlsVerify: options.allowInsecureTls ?? false,
        allowedAddresses: clusterAllowlist(this.config.clusters.addressAllowlist, options.allowedAddress),
      });
    } catch (error) {
      if (error instanceof KubeconfigRejectedError) {
        throw new DomainError(
          'kubeconfig-rejected',
          `The kubeconfig was rejected (${error.problems.length} problem(s)); see errors. Nothing was stored or contacted.`,
          error.problems.map((problem) => ({ field: `${options.field}.${problem.path}`, message: `${problem.reason}. Fix: ${problem.fix}` })),
        );
      }
      throw error;
    }
  }
}

/**
 * The honest class of a failed cluster check: `unreachable` when no answer arrived (network, TLS, timeout),
 * `unauthorized` when the cluster refused the credential, `unknown` for any other answer.
 */
function verificationError(error: KubeApiError, serverUrl: string): DomainError {
  if (error.status === 0) {
    return new DomainError('cluster-unreachable', `The cluster at ${serverUrl} could not be reached (${error.reason}): ${error.message}`, [], {
      classification: 'unreachable',
    });
  }
  if (error.status === 401 || error.status === 403) {
    return new DomainError('cluster-unauthorized', `The cluster at ${serverUrl} refused the credential (${error.status} ${error.reason}).`, [], {
      classification: 'unauthorized',
    });
  }
  return new DomainError('cluster-access-unknown', `The cluster at ${serverUrl} did not answer as expected: ${error.message}`, [], { classification: 'unknown' });
}
