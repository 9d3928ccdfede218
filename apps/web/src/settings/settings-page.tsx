import { useCan } from '../app/session.js';
import { ApiKeysPanel } from './api-keys-panel.js';
import { AuditLogPanel } from './audit-log-panel.js';
import { WebhooksPanel } from './webhooks-panel.js';

export function SettingsPage() {
  const isOwner = useCan('owner');
  const canWrite = useCan('admin');
  return (
    <section>
      <h1>Settings</h1>
      {isOwner ? <ApiKeysPanel /> : <p className="muted">API keys and the audit log are managed with an owner key.</p>}
      <WebhooksPanel canWrite={canWrite} />
      {isOwner ? <AuditLogPanel /> : null}
    </section>
  );
}
