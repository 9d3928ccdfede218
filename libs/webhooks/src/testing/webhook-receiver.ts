import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signatureHeaderName } from '../signing/webhook-signature.js';

/** One request the receiver got, as a subscriber would see it. */
export interface ReceivedDelivery {
  path: string;
  /** Meshguard-Delivery-Attempt, 1 for the first. */
  attempt: number;
  eventType: string | undefined;
  body: string;
  signature: string | undefined;
}

/** An HTTP status to answer with, or `reset` to drop the connection without answering. */
export type ReceiverAnswer = number | 'reset';

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>`; append any path. */
  url: string;
  /** Every request so far, in arrival order. */
  deliveries: ReceivedDelivery[];
  close(): Promise<void>;
}

/**
 * A webhook subscriber on loopback for tests: records every delivery and answers each as `answer` says
 * (default 204), so a test can play a healthy, failing or vanished endpoint.
 */
export async function startWebhookReceiver(
  answer: (delivery: ReceivedDelivery, index: number) => ReceiverAnswer = () => 204,
): Promise<WebhookReceiver> {
  const deliveries: ReceivedDelivery[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const delivery: ReceivedDelivery = {
        path: request.url ?? '',
        attempt: Number(request.headers['meshguard-delivery-attempt']),
        eventType: request.headers['meshguard-event-type'] as string | undefined,
        body,
        signature: request.headers[signatureHeaderName.toLowerCase()] as string | undefined,
      };
      deliveries.push(delivery);
      const status = answer(delivery, deliveries.length - 1);
      if (status === 'reset') request.socket.destroy();
      else response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    deliveries,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
