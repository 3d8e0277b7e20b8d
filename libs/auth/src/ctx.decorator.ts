import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';

import { RequestContext } from './request-context.js';

export const REQUEST_CONTEXT = 'councilContext';

export function requestOf(context: ExecutionContext): Request & { [REQUEST_CONTEXT]?: RequestContext } {
  if (context.getType<string>() === 'graphql') return GqlExecutionContext.create(context).getContext().req;
  return context.switchToHttp().getRequest();
}

/** The caller's `RequestContext`, set by the guard. */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext): RequestContext => {
  return requestOf(context)[REQUEST_CONTEXT] ?? RequestContext.anonymous();
});
