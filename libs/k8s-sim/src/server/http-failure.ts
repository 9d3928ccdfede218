import type { ServerResponse } from 'node:http';
import { decodeContinue, encodeContinue } from '../api/continue-token.js';
import { failureStatus, type Status } from '../api/status.js';

/** A request that ends in a Status object. */
export class HttpFailure extends Error {
  constructor(
    readonly status: Status,
    readonly headers: Record<string, string> = {},
  ) {
    super(status.message);
  }
}

export const badRequest = (message: string) => new HttpFailure(failureStatus(400, 'BadRequest', message));
export const notFound = () =>
  new HttpFailure(failureStatus(404, 'NotFound', 'the server could not find the requested resource'));

export function expired(token: string): HttpFailure {
  let inconsistent: string | undefined;
  try {
    inconsistent = encodeContinue({ ...decodeContinue(token), issuedAt: Date.now(), inconsistent: true });
  } catch {
    inconsistent = undefined;
  }
  const status = failureStatus(
    410,
    'Expired',
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
  );
  if (inconsistent) status.metadata = { continue: inconsistent };
  return new HttpFailure(status);
}

export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json',
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
    ...headers,
  });
  res.end(text);
}

export function sendRaw(res: ServerResponse, text: string): void {
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}
