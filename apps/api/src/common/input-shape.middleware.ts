import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../problems/domain-error.js';
import { findInputProblem, inputLimits, type InputProblem } from './input-limits.js';

/**
 * Checks every query and JSON body against inputLimits before routing, guards, pipes or class-transformer see it:
 * one place for every route, present and future. Runs right after the JSON body parser.
 */
export function inputShapeMiddleware(request: Request, _response: Response, next: NextFunction): void {
  const problem = findInputProblem(request.query) ?? findInputProblem(request.body);
  next(problem ? problemError(problem) : undefined);
}

function problemError({ kind, field }: InputProblem): DomainError {
  const where = field || 'body';
  switch (kind) {
    case 'control-character':
      return new DomainError('validation-failed', `${where} contains a control character (such as NUL); send text without them.`, [
        { field: where, message: 'must not contain control characters other than tab and line breaks' },
      ]);
    case 'too-deep':
      return new DomainError('validation-failed', `${where} is nested deeper than ${inputLimits.maxDepth} levels.`, [
        { field: where, message: `nest objects and arrays at most ${inputLimits.maxDepth} levels deep` },
      ]);
    case 'too-many-nodes':
      return new DomainError('payload-too-large', `The request has more than ${inputLimits.maxNodes} keys and array elements; send less per request.`);
  }
}
