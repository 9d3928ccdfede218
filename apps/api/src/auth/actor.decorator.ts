import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { requestContextOf, type RequestContext } from './request-context.js';

/** The authenticated caller of this request, for services that record who did what (audit, ownership). */
export const Actor = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext =>
  requestContextOf(context.switchToHttp().getRequest<Request>()),
);
