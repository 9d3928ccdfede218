import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeReviewProtobuf, isProtobufBody } from '../api/protobuf-review-decoder.js';
import type { ResourceType } from '../api/resource-catalog.js';
import { failureStatus } from '../api/status.js';
import type { TokenScope } from '../auth/token-scope.js';
import {
  ReviewError,
  selfSubjectAccessReview,
  selfSubjectReview,
  selfSubjectRulesReview,
} from './access-reviews.js';
import { badRequest, HttpFailure, sendJson } from './http-failure.js';
import type { ResourcePath } from './resource-path.js';

const maxBodyBytes = 1024 * 1024;

async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes)
      throw new HttpFailure(
        failureStatus(413, 'RequestEntityTooLarge', 'request body too large: the limit is 1 MiB'),
      );
    chunks.push(chunk as Buffer);
  }
  const body = Buffer.concat(chunks);
  try {
    if (isProtobufBody(body)) return decodeReviewProtobuf(body);
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw badRequest(
      `the request body is not a JSON or protobuf object: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Serves the self-subject access, rules and user reviews (POST only). */
export async function serveReview(
  req: IncomingMessage,
  res: ServerResponse,
  scope: TokenScope,
  type: ResourceType,
  path: ResourcePath,
  method: string,
): Promise<void> {
  if (method !== 'POST' || path.name !== undefined || path.namespace !== undefined) {
    req.resume();
    throw new HttpFailure(failureStatus(405, 'MethodNotAllowed', `${type.resource} only supports create`));
  }
  const body = await readJsonBody(req);
  try {
    if (type.resource === 'selfsubjectaccessreviews')
      return sendJson(res, 201, selfSubjectAccessReview(scope, body));
    if (type.resource === 'selfsubjectrulesreviews')
      return sendJson(res, 201, selfSubjectRulesReview(scope, body));
    return sendJson(res, 201, selfSubjectReview(scope));
  } catch (error) {
    if (error instanceof ReviewError) throw new HttpFailure(failureStatus(422, 'BadRequest', error.message));
    throw error;
  }
}
