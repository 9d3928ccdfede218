import { Inject, Injectable } from '@nestjs/common';
import { ReportSigningKeyRepository, type CredentialVault, type ReportSigningKeyRecord } from '@meshguard/db';
import { generateSigningKeyPair } from '@meshguard/reports/formats-and-signing';
import { VAULT } from '../app/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../auth/request-context.js';
import type { SigningKeyDto } from './report.dto.js';

/** The tenant's report-signing keys: published public halves, and rotation for owners. */
@Injectable()
export class SigningKeysService {
  private readonly keys: ReportSigningKeyRepository;

  constructor(
    @Inject(VAULT) vault: CredentialVault,
    private readonly audit: AuditService,
  ) {
    this.keys = new ReportSigningKeyRepository(vault);
  }

  /** Every key, active first; a tenant that never generated a report may have none yet. */
  async list(): Promise<SigningKeyDto[]> {
    return (await this.keys.list()).map(keyView);
  }

  /** Retires the active key (still published, so old reports verify) and makes a new one active. */
  async rotate(actor: RequestContext): Promise<SigningKeyDto> {
    const created = await this.keys.rotate(actor.principal.tenantId, generateSigningKeyPair());
    await this.audit.record(actor, 'report.signing-key.rotate', { type: 'report-signing-key', id: null }, { keyId: created.keyId });
    return keyView(created);
  }
}

function keyView(key: ReportSigningKeyRecord): SigningKeyDto {
  return {
    keyId: key.keyId,
    algorithm: key.algorithm === 'ed25519' ? 'Ed25519' : key.algorithm,
    publicKeyPem: key.publicKeyPem,
    status: key.retiredAt ? 'retired' : 'active',
    createdAt: key.createdAt,
    retiredAt: key.retiredAt,
  };
}
