import { Inject, Injectable } from '@nestjs/common';
import type { MeshguardConfig } from '@meshguard/config';
import { currentTenantContext, WebhookEndpointRepository, type CredentialVault, type Page, type WebhookDeliveryRecord, type WebhookEndpointRecord } from '@meshguard/db';
import { AddressAllowlist } from '@meshguard/k8s/network';
import {
  generateEndpointSecret,
  parseWebhookUrl,
  pinWebhookAddress,
  WebhookAddressBlockedError,
  WebhookResolutionError,
  WebhookUrlRejectedError,
} from '@meshguard/webhooks';
import { MESHGUARD_CONFIG, VAULT } from '../app/tokens.js';
import { AuditService } from '../audit/audit.service.js';
import { roleRank } from '../auth/principal.js';
import type { RequestContext } from '../auth/request-context.js';
import { DomainError } from '../problems/domain-error.js';
import { TenantTransactions } from '../tenancy/tenant-transactions.js';
import type { CreateWebhookDto } from './webhook.dto.js';

/** Webhook endpoints: checked against the address policy at registration, signing secret sealed and shown once. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly audit: AuditService,
    private readonly transactions: TenantTransactions,
    @Inject(VAULT) private readonly vault: CredentialVault,
    @Inject(MESHGUARD_CONFIG) private readonly config: MeshguardConfig,
  ) {}

  /** Auditors read the endpoints without what a URL may carry as a credential (its query string and fragment). */
  async list(actor: RequestContext): Promise<WebhookEndpointRecord[]> {
    const endpoints = await this.endpoints.list();
    return roleRank[actor.principal.role] >= roleRank.admin ? endpoints : endpoints.map((endpoint) => ({ ...endpoint, url: redactedUrl(endpoint.url) }));
  }

  /** Resolves the URL's host (network I/O) first, outside any transaction (an OwnTransactions route), then stores it. */
  async create(actor: RequestContext, request: CreateWebhookDto): Promise<WebhookEndpointRecord & { secret: string }> {
    const url = await this.checkUrl(request.url);
    return this.transactions.run(actor.principal.tenantId, async () => {
      const secret = generateEndpointSecret();
      const sealed = await this.vault.seal(currentTenantContext().tx, 'webhook-secret', Buffer.from(secret, 'utf8'));
      const endpoint = await this.endpoints.create(actor.principal.tenantId, {
        url,
        events: request.events ?? [],
        secretCiphertext: new Uint8Array(sealed.ciphertext),
        secretKeyId: sealed.dataKeyId,
      });
      await this.audit.record(actor, 'webhook.create', { type: 'webhook', id: endpoint.id }, { url: endpoint.url, events: endpoint.events });
      return { ...endpoint, secret };
    });
  }

  async delete(actor: RequestContext, id: string): Promise<void> {
    const endpoint = await this.endpoints.get(id);
    if (!endpoint || !(await this.endpoints.delete(id))) throw new DomainError('not-found', `No webhook ${id}.`);
    await this.audit.record(actor, 'webhook.delete', { type: 'webhook', id }, { url: endpoint.url });
  }

  async deliveries(id: string, page: { cursor?: string; limit: number }): Promise<Page<WebhookDeliveryRecord>> {
    if (!(await this.endpoints.get(id))) throw new DomainError('not-found', `No webhook ${id}.`);
    return this.endpoints.deliveries(id, page);
  }

  /** The normalised URL, or a validation problem naming `url`; delivery checks the address again every time. */
  private async checkUrl(text: string): Promise<string> {
    try {
      const url = parseWebhookUrl(text, { requireHttps: this.config.env === 'production' });
      await pinWebhookAddress(url, { allowlist: new AddressAllowlist(this.config.webhooks.addressAllowlist) });
      return url.href;
    } catch (error) {
      if (error instanceof WebhookUrlRejectedError) throw invalidUrl(`${error.reason}. Fix: ${error.fix}`);
      if (error instanceof WebhookAddressBlockedError || error instanceof WebhookResolutionError) throw invalidUrl(error.message);
      throw error;
    }
  }
}

function invalidUrl(message: string): DomainError {
  return new DomainError('validation-failed', 'The webhook URL cannot be used; see errors.', [{ field: 'url', message }]);
}

/** The URL without user info, query string or fragment: where the receiver is, not how it authenticates us. */
export function redactedUrl(text: string): string {
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}
