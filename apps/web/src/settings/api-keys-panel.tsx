import { useId, useState, type FormEvent } from 'react';
import { useCurrentKey } from '../app/session.js';
import type { Role } from '../app/roles.js';
import { formatDateTime, formatRelative } from '../ui/format.js';
import { ErrorNotice, QueryView } from '../ui/states.js';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from './settings-queries.js';

export function ApiKeysPanel() {
  const id = useId();
  const keys = useApiKeys(true);
  const self = useCurrentKey().data;
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('auditor');
  const [expiry, setExpiry] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), role, ...(expiry ? { expiresAt: `${expiry}T23:59:59.000Z` } : {}) },
      { onSuccess: () => setName('') },
    );
  };
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>API keys</h2>
      <form className="inline-form" onSubmit={submit} aria-label="Create an API key">
        <label>
          Name
          <input value={name} onChange={(event) => setName(event.target.value)} required maxLength={100} />
        </label>
        <label>
          Role
          <select value={role} onChange={(event) => setRole(event.target.value as Role)}>
            <option value="auditor">auditor (read only)</option>
            <option value="admin">admin (clusters, scans, exceptions, webhooks)</option>
            <option value="owner">owner (also keys and audit log)</option>
          </select>
        </label>
        <label>
          Expires on (optional)
          <input type="date" value={expiry} onChange={(event) => setExpiry(event.target.value)} />
        </label>
        <button type="submit" disabled={create.isPending}>
          Create key
        </button>
      </form>
      {create.isError ? <ErrorNotice error={create.error} action="Creating the key" /> : null}
      {create.isSuccess ? (
        <div className="panel token-panel" role="status">
          <p>
            <strong>Copy this key now: it is shown only once.</strong>
          </p>
          <input className="token" readOnly value={create.data.token} aria-label="New API key" data-testid="new-api-key" onFocus={(event) => event.target.select()} />
          <button type="button" className="secondary" onClick={() => create.reset()}>
            I have stored it
          </button>
        </div>
      ) : null}
      {revoke.isError ? <ErrorNotice error={revoke.error} action="Revoking the key" /> : null}
      <QueryView query={keys} isEmpty={(items) => items.length === 0} empty="No keys.">
        {(items) => (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="API keys">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Prefix</th>
                  <th scope="col">Role</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Expires</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {items.map((key) => (
                  <tr key={key.id}>
                    <th scope="row">
                      {key.name}
                      {key.id === self?.id ? <span className="muted"> (this session)</span> : null}
                    </th>
                    <td>
                      <code>{key.prefix}</code>
                    </td>
                    <td>{key.role}</td>
                    <td>{formatRelative(key.lastUsedAt)}</td>
                    <td>{key.expiresAt ? formatDateTime(key.expiresAt) : 'never'}</td>
                    <td>
                      {key.revokedAt ? (
                        `revoked ${formatRelative(key.revokedAt)}`
                      ) : (
                        <button type="button" className="secondary" disabled={revoke.isPending} onClick={() => revoke.mutate(key.id)} aria-label={`Revoke key ${key.name}`}>
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </section>
  );
}
