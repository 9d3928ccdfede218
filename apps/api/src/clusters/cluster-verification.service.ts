import { Inject, Injectable } from '@nestjs/common';
import { ClusterRepository } from '@meshguard/db';
import { AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../auth/request-context.js';
import { DomainError } from '../problems/domain-error.js';
import { TenantTransactions } from '../tenancy/tenant-transactions.js';
import { ClusterAccessService } from './cluster-access.service.js';
import type { VerificationDto } from './cluster.dto.js';
import { CREDENTIAL_VAULT, type CredentialVault } from './credential-vault.js';

/** Re-checks a registered cluster with its stored credentials and records the outcome, pass or fail. */
@Injectable()
export class ClusterVerificationService {
  constructor(
    private readonly clusters: ClusterRepository,
    private readonly access: ClusterAccessService,
    private readonly audit: AuditService,
    private readonly transactions: TenantTransactions,
    @Inject(CREDENTIAL_VAULT) private readonly vault: CredentialVault,
  ) {}

  /** Runs on an OwnTransactions route: the stored credentials are read, then the cluster contacted outside any transaction. */
  async verify(actor: RequestContext, id: string): Promise<VerificationDto> {
    const tenantId = actor.principal.tenantId;
    const kubeconfig = await this.transactions.run(tenantId, async () => {
      const sealed = await this.clusters.sealedCredentials(id);
      if (!sealed) throw new DomainError('not-found', `No cluster ${id} with stored credentials.`);
      return { text: (await this.vault.open(sealed.ciphertext)).toString('utf8'), allowedAddress: sealed.allowedAddress };
    });
    let outcome: Pick<VerificationDto, 'classification' | 'unreadableKinds' | 'notes' | 'error'>;
    try {
      const check = await this.access.check(kubeconfig.text, { field: 'kubeconfig', allowedAddress: kubeconfig.allowedAddress });
      outcome = { classification: check.verdict.classification, unreadableKinds: check.unreadableKinds, notes: check.verdict.notes, error: null };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const classification = typeof error.extra.classification === 'string' ? error.extra.classification : 'unknown';
      outcome = { classification, unreadableKinds: [], notes: error.fieldErrors.map((f) => `${f.field}: ${f.message}`), error: error.message };
    }
    const cluster = await this.transactions.run(tenantId, async () => {
      const recorded = await this.clusters.recordVerification(id, {
        accessLevel: outcome.classification === 'read-only' || outcome.classification === 'write-capable' ? outcome.classification : 'unknown',
        serverVersion: null,
        error: outcome.error,
      });
      if (!recorded) throw new DomainError('not-found', `No cluster ${id}.`);
      await this.audit.record(actor, 'cluster.verify', { type: 'cluster', id }, { classification: outcome.classification, error: outcome.error });
      return recorded;
    });
    return { ...outcome, cluster };
  }
}
