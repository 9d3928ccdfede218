import { Inject, Injectable } from '@nestjs/common';
import { ClusterRepository, jsonPageDocument, type ClusterRecord } from '@meshguard/db';
import { AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../auth/request-context.js';
import { DomainError, type FieldError } from '../problems/domain-error.js';
import { ScanQueue } from '../queues/scan-queue.js';
import { afterCommit } from '../tenancy/after-commit.js';
import { TenantTransactions } from '../tenancy/tenant-transactions.js';
import { ClusterAccessService } from './cluster-access.service.js';
import type { ClusterQueryDto, RegisterClusterDto, UpdateClusterDto } from './cluster.dto.js';
import { CREDENTIAL_VAULT, type CredentialVault } from './credential-vault.js';
import { labelProblems, parseLabelSelector } from './labels.js';
import { checkSchedule } from './schedule.js';

/** What only the server grants a cluster, never a request: the one extra address it alone may be reached at. */
export interface ServerGrant {
  allowedAddress?: string;
}

@Injectable()
export class ClustersService {
  constructor(
    private readonly clusters: ClusterRepository,
    private readonly access: ClusterAccessService,
    private readonly audit: AuditService,
    private readonly scans: ScanQueue,
    private readonly transactions: TenantTransactions,
    @Inject(CREDENTIAL_VAULT) private readonly vault: CredentialVault,
  ) {}

  /** One page as the JSON document the API sends, its items built by PostgreSQL (one read-path query). */
  async list(query: ClusterQueryDto): Promise<string> {
    return jsonPageDocument(
      await this.clusters.listJson({ labels: parseLabelSelector(query.label), nameContains: query.name, cursor: query.cursor, limit: query.limit }),
    );
  }

  async get(id: string): Promise<ClusterRecord> {
    return (await this.clusters.get(id)) ?? notFound(id);
  }

  /**
   * Verifies the kubeconfig against its cluster, then stores it sealed; nothing is stored when any check fails.
   * Runs on an OwnTransactions route: the cluster is contacted between two short transactions, never inside one.
   * `grant` comes from the server only (the demo cluster), never from a request.
   */
  async register(actor: RequestContext, request: RegisterClusterDto, grant: ServerGrant = {}): Promise<{ cluster: ClusterRecord; unreadableKinds: string[] }> {
    const tenantId = actor.principal.tenantId;
    const schedule = request.schedule ? checkSchedule(request.schedule, 'schedule') : null;
    rejectIfProblems([...labelProblems(request.labels ?? {}, 'labels'), ...(Array.isArray(schedule) ? schedule : [])]);
    const kubeconfig = kubeconfigText(request.kubeconfig, 'kubeconfig');
    await this.transactions.run(tenantId, () => this.assertNameFree(request.name));
    const check = await this.access.check(kubeconfig, {
      context: request.context,
      allowInsecureTls: request.allowInsecureTls,
      field: 'kubeconfig',
      allowedAddress: grant.allowedAddress,
    });
    const cluster = await this.transactions.run(tenantId, async () => {
      // Checked again: another request may have taken the name while the cluster was being verified.
      await this.assertNameFree(request.name);
      const sealed = await this.vault.seal(Buffer.from(kubeconfig, 'utf8'));
      const created = await this.clusters.create(tenantId, {
        name: request.name,
        labels: request.labels ?? {},
        serverUrl: check.target.kubeconfig.server.url,
        credentialCiphertext: new Uint8Array(sealed.ciphertext),
        credentialKeyId: sealed.dataKeyId,
        accessLevel: 'read-only',
        serverVersion: null,
        schedule: Array.isArray(schedule) ? null : schedule,
        allowedAddress: grant.allowedAddress ?? null,
      });
      this.syncSchedule(actor, created);
      await this.audit.record(actor, 'cluster.register', { type: 'cluster', id: created.id }, {
        name: created.name,
        serverUrl: created.serverUrl,
        context: check.target.kubeconfig.contextName,
      });
      return created;
    });
    return { cluster, unreadableKinds: check.unreadableKinds };
  }

  /**
   * Like register, a replacement kubeconfig is verified between two short transactions (an OwnTransactions route).
   * A replaced kubeconfig drops the cluster's address allowance unless `grant` (server only) gives it again.
   */
  async update(actor: RequestContext, id: string, request: UpdateClusterDto, grant: ServerGrant = {}): Promise<ClusterRecord> {
    const tenantId = actor.principal.tenantId;
    const schedule = request.schedule ? checkSchedule(request.schedule, 'schedule') : request.schedule;
    rejectIfProblems([...labelProblems(request.labels ?? {}, 'labels'), ...(Array.isArray(schedule) ? schedule : [])]);
    const assertUpdatable = async () => {
      const existing = await this.get(id);
      if (request.name && request.name !== existing.name) await this.assertNameFree(request.name);
    };
    await this.transactions.run(tenantId, assertUpdatable);
    let replacement: { kubeconfig: string; serverUrl: string; allowedAddress: string | null } | undefined;
    if (request.kubeconfig !== undefined) {
      const kubeconfig = kubeconfigText(request.kubeconfig, 'kubeconfig');
      const check = await this.access.check(kubeconfig, {
        context: request.context,
        allowInsecureTls: request.allowInsecureTls,
        field: 'kubeconfig',
        allowedAddress: grant.allowedAddress,
      });
      replacement = { kubeconfig, serverUrl: check.target.kubeconfig.server.url, allowedAddress: grant.allowedAddress ?? null };
    }
    return this.transactions.run(tenantId, async () => {
      await assertUpdatable();
      const credentials = replacement ? await this.sealedCredentials(replacement) : undefined;
      const updated = await this.clusters.update(id, {
        name: request.name,
        labels: request.labels,
        schedule: Array.isArray(schedule) ? undefined : schedule,
        credentials,
      });
      if (!updated) return notFound(id);
      if (request.schedule !== undefined) this.syncSchedule(actor, updated);
      const changed = Object.keys(request).filter((key) => key !== 'kubeconfig' && key !== 'allowInsecureTls');
      await this.audit.record(actor, 'cluster.update', { type: 'cluster', id }, { changed, kubeconfigReplaced: credentials !== undefined });
      return updated;
    });
  }

  /** Deletes the cluster: credentials are purged at once and its schedule removed; scan history stays. */
  async delete(actor: RequestContext, id: string): Promise<void> {
    const existing = await this.get(id);
    if (!(await this.clusters.delete(id))) return notFound(id);
    this.syncSchedule(actor, { ...existing, schedule: null });
    await this.audit.record(actor, 'cluster.delete', { type: 'cluster', id }, { name: existing.name });
  }

  private async sealedCredentials({ kubeconfig, serverUrl, allowedAddress }: { kubeconfig: string; serverUrl: string; allowedAddress: string | null }) {
    const sealed = await this.vault.seal(Buffer.from(kubeconfig, 'utf8'));
    const credentialCiphertext = new Uint8Array(sealed.ciphertext);
    return { serverUrl, credentialCiphertext, credentialKeyId: sealed.dataKeyId, accessLevel: 'read-only' as const, serverVersion: null, allowedAddress };
  }

  private syncSchedule(actor: RequestContext, cluster: Pick<ClusterRecord, 'id' | 'schedule'>): void {
    afterCommit(() => this.scans.setSchedule({ tenantId: actor.principal.tenantId, clusterId: cluster.id }, cluster.schedule));
  }

  private async assertNameFree(name: string): Promise<void> {
    if (await this.clusters.findByName(name)) {
      throw new DomainError('conflict', `A cluster named ${name} already exists.`, [{ field: 'name', message: 'already in use' }]);
    }
  }
}

/** The kubeconfig as text: YAML or JSON text as sent, or a JSON object serialized. */
function kubeconfigText(kubeconfig: unknown, field: string): string {
  if (typeof kubeconfig === 'string' && kubeconfig.trim().length > 0) return kubeconfig;
  if (typeof kubeconfig === 'object' && kubeconfig !== null && !Array.isArray(kubeconfig)) return JSON.stringify(kubeconfig);
  throw new DomainError('validation-failed', 'The kubeconfig is missing.', [{ field, message: 'send the kubeconfig as YAML/JSON text or a JSON object' }]);
}

function rejectIfProblems(problems: FieldError[]): void {
  if (problems.length > 0) throw new DomainError('validation-failed', `The request has ${problems.length} invalid field(s); see errors.`, problems);
}

function notFound(id: string): never {
  throw new DomainError('not-found', `No cluster ${id}.`);
}
