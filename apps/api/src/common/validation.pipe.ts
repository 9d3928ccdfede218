import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { DomainError, type FieldError } from '../problems/domain-error.js';
import { precompiledQuery } from './precompiled-query.js';

/** ValidationPipe that first tries a query DTO's precompiled check (precompiled-query.ts): the hot list pages' queries. */
class PrecompiledQueryValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'query') {
      const proven = precompiledQuery(metadata.metatype, value);
      if (proven) return proven;
    }
    return super.transform(value, metadata);
  }
}

/** Validates DTOs strictly (unknown fields are errors) and reports every field problem in one problem response. */
export function strictValidationPipe(): ValidationPipe {
  return new PrecompiledQueryValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fieldErrors = errors.flatMap((error) => flatten(error, ''));
      return new DomainError('validation-failed', `The request has ${fieldErrors.length} invalid field(s); see errors.`, fieldErrors);
    },
  });
}

function flatten(error: ValidationError, parent: string): FieldError[] {
  const field = parent ? `${parent}.${error.property}` : error.property;
  const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
  return [...own, ...(error.children ?? []).flatMap((child) => flatten(child, field))];
}
