import type { CredentialVault } from '../credentials/credential-vault.js';
import { Prisma } from '../generated/prisma/client.js';
import { currentTenantContext } from '../tenancy/tenant-context.js';

/** A published report-signing key: never its private half. */
export interface ReportSigningKeyRecord {
  keyId: string;
  algorithm: string;
  publicKeyPem: string;
  createdAt: Date;
  /** Set once rotation replaced it; reports it signed still verify with it. */
  retiredAt: Date | null;
}

/** A key pair in PEM (PKCS#8 private, SPKI public) with its public key id; also the tenant's opened active key. */
export interface SigningKeyPair {
  keyId: string;
  publicKeyPem: string;
  privateKeyPem: string;
}
export type OpenedSigningKey = SigningKeyPair;

const select = { keyId: true, algorithm: true, publicKeyPem: true, createdAt: true, retiredAt: true } as const;

/**
 * Per-tenant Ed25519 report-signing keys. The private key is sealed with the credential vault (purpose
 * report-signing-key) before it reaches the database and opened only in the memory of the process that signs.
 */
export class ReportSigningKeyRepository {
  constructor(private readonly vault: CredentialVault) {}

  /** Every key of the tenant, the active one first, then retired ones newest first. */
  list(): Promise<ReportSigningKeyRecord[]> {
    return currentTenantContext().tx.reportSigningKey.findMany({ select, orderBy: [{ retiredAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }] });
  }

  /**
   * The active key, opened; created from `newKeyPair()` on first use. Two concurrent first uses agree on one key
   * (partial unique index). Key generation is the caller's (libs/reports), so this library holds no signing scheme.
   */
  async active(tenantId: string, newKeyPair: () => SigningKeyPair): Promise<OpenedSigningKey> {
    const existing = await this.activeRow();
    if (existing) return this.open(existing);
    await this.insert(tenantId, newKeyPair(), true);
    const created = await this.activeRow();
    if (!created) throw new Error('no active report-signing key after creating one');
    return this.open(created);
  }

  /** Retires the active key (it stays published) and makes a new one active; returns the new key. */
  async rotate(tenantId: string, pair: SigningKeyPair): Promise<ReportSigningKeyRecord> {
    const { tx } = currentTenantContext();
    await tx.reportSigningKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: new Date() } });
    const keyId = await this.insert(tenantId, pair, false);
    return tx.reportSigningKey.findFirstOrThrow({ select, where: { keyId } });
  }

  private activeRow() {
    return currentTenantContext().tx.reportSigningKey.findFirst({
      select: { keyId: true, publicKeyPem: true, privateKeyCiphertext: true },
      where: { retiredAt: null },
    });
  }

  private async open(row: { keyId: string; publicKeyPem: string; privateKeyCiphertext: Uint8Array }): Promise<OpenedSigningKey> {
    const privateKey = await this.vault.open(currentTenantContext().tx, 'report-signing-key', row.privateKeyCiphertext);
    return { keyId: row.keyId, publicKeyPem: row.publicKeyPem, privateKeyPem: privateKey.toString('utf8') };
  }

  /** Stores a new active key, its private half sealed; with `ifNoneActive`, a concurrent winner's key is kept instead. */
  private async insert(tenantId: string, pair: SigningKeyPair, ifNoneActive: boolean): Promise<string> {
    const { tx } = currentTenantContext();
    const sealed = await this.vault.seal(tx, 'report-signing-key', Buffer.from(pair.privateKeyPem, 'utf8'));
    const { keyId, publicKeyPem } = pair;
    await tx.$executeRaw`
      INSERT INTO report_signing_keys (tenant_id, key_id, public_key_pem, private_key_ciphertext, private_key_data_key_id)
      VALUES (${tenantId}::uuid, ${keyId}, ${publicKeyPem}, ${new Uint8Array(sealed.ciphertext)}, ${sealed.dataKeyId}::uuid)
      ${ifNoneActive ? Prisma.sql`ON CONFLICT (tenant_id) WHERE retired_at IS NULL DO NOTHING` : Prisma.empty}`;
    return keyId;
  }
}
