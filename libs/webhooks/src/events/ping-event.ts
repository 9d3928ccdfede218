import { randomUUID } from 'node:crypto';
import type { WebhookEventEnvelope } from './webhook-event.js';

export const pingEventType = 'webhook.ping' as const;

/** A test event sent on request (and after an endpoint is created or its secret rotated) to check the receiver. */
export type PingEvent = WebhookEventEnvelope<
  typeof pingEventType,
  1,
  { endpointId: string; message: string }
>;

/** Builds a ping event; receivers should answer 2xx after verifying its signature like any other event. */
export function buildPingEvent(input: { tenantId: string; endpointId: string; createdAt?: Date }): PingEvent {
  return {
    id: randomUUID(),
    type: pingEventType,
    version: 1,
    createdAt: (input.createdAt ?? new Date()).toISOString(),
    tenantId: input.tenantId,
    data: {
      endpointId: input.endpointId,
      message: 'meshguard webhook test: verify the signature and answer 2xx',
    },
  };
}
