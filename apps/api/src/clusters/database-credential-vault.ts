import { Inject, Injectable } from '@nestjs/common';
import { currentTenantContext, type CredentialVault as Vault } from '@meshguard/db';
import { VAULT } from '../app/tokens.js';
import type { CredentialVault } from './credential-vault.js';

/** Seals kubeconfigs with the tenant's data key, inside the request's tenant transaction. */
@Injectable()
export class DatabaseCredentialVault implements CredentialVault {
  constructor(@Inject(VAULT) private readonly vault: Vault) {}

  seal(plaintext: Buffer): Promise<{ ciphertext: Buffer; dataKeyId: string }> {
    return this.vault.seal(currentTenantContext().tx, 'cluster-credential', plaintext);
  }

  open(ciphertext: Uint8Array): Promise<Buffer> {
    return this.vault.open(currentTenantContext().tx, 'cluster-credential', ciphertext);
  }
}
