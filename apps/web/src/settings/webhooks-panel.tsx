import { useId, useState, type FormEvent } from 'react';
import { formatDateTime } from '../ui/format.js';
import { ErrorNotice, QueryView } from '../ui/states.js';
import { useCreateWebhook, useDeleteWebhook, useDeliveries, useWebhooks } from './settings-queries.js';

export function WebhooksPanel({ canWrite }: { canWrite: boolean }) {
  const id = useId();
  const webhooks = useWebhooks();
  const create = useCreateWebhook();
  const remove = useDeleteWebhook();
  const [url, setUrl] = useState('');
  const [selected, setSelected] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(url.trim(), { onSuccess: () => setUrl('') });
  };
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Webhooks</h2>
      {canWrite ? (
        <form className="inline-form" onSubmit={submit} aria-label="Add a webhook">
          <label>
            Endpoint URL
            <input type="url" value={url} onChange={(event) => setUrl(event.target.value)} required placeholder="https://hooks.example.com/meshguard" />
          </label>
          <button type="submit" disabled={create.isPending}>
            Add webhook
          </button>
        </form>
      ) : null}
      {create.isError ? <ErrorNotice error={create.error} action="Adding the webhook" /> : null}
      {create.isSuccess ? (
        <div className="panel" role="status">
          <p>
            <strong>Signing secret, shown only once:</strong> <code>{create.data.secret}</code>
          </p>
        </div>
      ) : null}
      {remove.isError ? <ErrorNotice error={remove.error} action="Deleting the webhook" /> : null}
      <QueryView query={webhooks} isEmpty={(items) => items.length === 0} empty="No webhooks. meshguard posts scan events to the endpoints added here.">
        {(items) => (
          <ul className="card-list">
            {items.map((webhook) => (
              <li key={webhook.id} className="card">
                <p>
                  <code>{webhook.url}</code> {webhook.enabled ? '' : <span className="failure">disabled: {webhook.disabledReason}</span>}
                </p>
                <p className="muted small">Events: {webhook.events.join(', ')}</p>
                <div className="actions">
                  <button type="button" className="secondary" aria-expanded={selected === webhook.id} onClick={() => setSelected(selected === webhook.id ? null : webhook.id)}>
                    {selected === webhook.id ? 'Hide deliveries' : 'Show deliveries'}
                  </button>
                  {canWrite ? (
                    <button type="button" className="secondary" disabled={remove.isPending} onClick={() => remove.mutate(webhook.id)} aria-label={`Delete webhook ${webhook.url}`}>
                      Delete
                    </button>
                  ) : null}
                </div>
                {selected === webhook.id ? <DeliveryLog webhookId={webhook.id} /> : null}
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </section>
  );
}

function DeliveryLog({ webhookId }: { webhookId: string }) {
  const deliveries = useDeliveries(webhookId);
  return (
    <QueryView query={deliveries} isEmpty={(items) => items.length === 0} empty="No deliveries yet.">
      {(items) => (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Deliveries">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Event</th>
                <th scope="col">Outcome</th>
                <th scope="col">HTTP</th>
                <th scope="col">Attempt</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {items.map((delivery) => (
                <tr key={delivery.id}>
                  <td>{formatDateTime(delivery.createdAt)}</td>
                  <td>{delivery.eventType}</td>
                  <td>{delivery.outcome}</td>
                  <td>{delivery.statusCode ?? '—'}</td>
                  <td>{delivery.attempt}</td>
                  <td>{delivery.error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </QueryView>
  );
}
