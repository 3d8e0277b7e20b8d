import type { Role } from '@council/core';
import type { CallerRole, GraphQLContext } from '@council/server';
import { Injectable } from '@nestjs/common';

import { AuthService } from './auth.service.js';
import { REQUEST_CONTEXT } from './ctx.decorator.js';
import { RequestContext } from './request-context.js';

/**
 * The caller's role for the query budget (libs/server query-limits.ts), from the bearer token, before anything runs.
 * A token that does not verify counts as no one (the smallest budget); the guard refuses it afterwards as it always
 * does. The context it settles is the one the guard then reuses: the account is still read once per request.
 */
@Injectable()
export class TokenCallerRole implements CallerRole {
  constructor(private readonly auth: AuthService) {}

  async roleOf(req: GraphQLContext['req'] & { [REQUEST_CONTEXT]?: RequestContext }): Promise<Role | null> {
    const settled = req[REQUEST_CONTEXT];
    if (settled?.user) return settled.user.role;
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers?.authorization ?? '')?.[1];
    if (!token) return null;
    try {
      const user = await this.auth.verifyToken(token);
      req[REQUEST_CONTEXT] = new RequestContext(user, undefined, req.ip ?? req.socket?.remoteAddress);
      return user.role;
    } catch {
      return null;
    }
  }
}
