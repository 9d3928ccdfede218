import { Injectable } from '@nestjs/common';
import { ClusterRepository, ExceptionRepository, type ExceptionRecord, type Page } from '@meshguard/db';
import { AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../auth/request-context.js';
import { labelProblems } from '../clusters/labels.js';
import { DomainError, type FieldError } from '../problems/domain-error.js';
import { rulesCatalog } from '../rules/rules-catalog.js';
import type { CreateExceptionDto, ExceptionQueryDto } from './exception.dto.js';

let ruleIds: Promise<ReadonlySet<string>> | undefined;
/** The catalog's rule ids, collected on the first exception that names a rule (the catalog loads lazily). */
const knownRuleIds = () => (ruleIds ??= rulesCatalog().then(({ catalog }) => new Set(catalog.map((rule) => rule.id))));

/** Waivers: applied at evaluation by the worker, so findings show `excepted`/`accepted` with the waiver that covers them. */
@Injectable()
export class ExceptionsService {
  constructor(
    private readonly exceptions: ExceptionRepository,
    private readonly clusters: ClusterRepository,
    private readonly audit: AuditService,
  ) {}

  list(query: ExceptionQueryDto): Promise<Page<ExceptionRecord>> {
    return this.exceptions.list({ state: query.state, now: new Date(), clusterId: query.clusterId, cursor: query.cursor, limit: query.limit });
  }

  async get(id: string): Promise<ExceptionRecord> {
    return (await this.exceptions.get(id)) ?? notFound(id);
  }

  async create(actor: RequestContext, request: CreateExceptionDto): Promise<ExceptionRecord> {
    const problems: FieldError[] = [...labelProblems(request.labels ?? {}, 'labels')];
    if (request.expiresAt <= new Date()) problems.push({ field: 'expiresAt', message: 'must be in the future' });
    if (request.ruleId && !/[*?]/.test(request.ruleId) && !(await knownRuleIds()).has(request.ruleId)) {
      problems.push({ field: 'ruleId', message: `no rule ${request.ruleId}; list rule ids with \`meshguard rules\`` });
    }
    if (request.clusterId && !(await this.clusters.get(request.clusterId))) problems.push({ field: 'clusterId', message: 'no such cluster' });
    if (problems.length > 0) throw new DomainError('validation-failed', `The exception has ${problems.length} invalid field(s); see errors.`, problems);
    const exception = await this.exceptions.create(actor.principal.tenantId, {
      ruleId: request.ruleId ?? null,
      clusterId: request.clusterId ?? null,
      namespacePattern: request.namespacePattern ?? '*',
      namePattern: request.namePattern ?? '*',
      kind: request.kind ?? null,
      labels: request.labels ?? {},
      container: request.container ?? null,
      justification: request.justification,
      owner: request.owner,
      expiresAt: request.expiresAt,
      evidenceFingerprint: request.evidenceFingerprint ?? null,
      mode: request.mode ?? 'except',
      createdByKeyId: actor.principal.keyId,
    });
    await this.audit.record(actor, 'exception.create', { type: 'exception', id: exception.id }, {
      ruleId: exception.ruleId,
      clusterId: exception.clusterId,
      expiresAt: exception.expiresAt.toISOString(),
      mode: exception.mode,
    });
    return exception;
  }

  async revoke(actor: RequestContext, id: string): Promise<ExceptionRecord> {
    const revoked = (await this.exceptions.revoke(id)) ?? notFound(id);
    await this.audit.record(actor, 'exception.revoke', { type: 'exception', id });
    return revoked;
  }
}

function notFound(id: string): never {
  throw new DomainError('not-found', `No exception ${id}.`);
}
