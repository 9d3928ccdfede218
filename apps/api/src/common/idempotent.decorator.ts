import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';

/**
 * Accepts an optional `Idempotency-Key` on a route that creates something: the key is scoped to tenant + route and
 * bound to the first request's fingerprint (see IdempotencyInterceptor); the handler returns the earlier result on a
 * repeat. One decorator per route: `@Idempotent('Repeating a request with the same key returns the same scan.')`.
 */
export function Idempotent(description: string): MethodDecorator {
  return applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: `${description} 1-128 letters, digits, _ . : -; the same key with a different request answers 422 idempotency-key-reused.`,
    }),
    ApiUnprocessableEntityResponse({
      description: 'idempotency-key-reused: the key was already used for a different request to this route.',
    }),
  );
}
