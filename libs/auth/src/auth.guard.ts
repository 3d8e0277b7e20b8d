import { ForbiddenError, type Permission } from '@council/core';
import { noteRequestUser, PERMISSIONS_KEY, PUBLIC_KEY } from '@council/server';
import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { AuthService } from './auth.service.js';
import { REQUEST_CONTEXT, requestOf } from './ctx.decorator.js';
import { RequestContext } from './request-context.js';

/**
 * The global guard. Every resolver and controller must say who may call it:
 * `@Public()` or `@Allow(...permissions)`; one that says nothing is refused
 * (deny by default), so a forgotten declaration fails closed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly log = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const req = requestOf(context);
    const ip = req?.ip ?? req?.socket?.remoteAddress;
    // Field resolvers pass through here too, once per object: the request's context, once settled by its root
    // field, is reused (the account is read once per request, not once per row).
    const settled = req?.[REQUEST_CONTEXT] as RequestContext | undefined;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) {
      if (req && !settled) req[REQUEST_CONTEXT] = RequestContext.anonymous(ip);
      return true;
    }
    const permissions = this.reflector.getAllAndOverride<Permission[] | undefined>(PERMISSIONS_KEY, targets);
    if (!permissions?.length) {
      this.log.error(`${context.getClass().name}.${context.getHandler().name} declares no @Allow/@Public: refused`);
      throw new ForbiddenError();
    }
    let ctx = settled?.user ? settled : undefined;
    if (!ctx) {
      const header = req?.headers?.authorization ?? '';
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      ctx = new RequestContext(token ? await this.auth.verifyToken(token) : null, undefined, ip);
      noteRequestUser(req, ctx.requireUser());
      req[REQUEST_CONTEXT] = ctx;
    }
    if (!permissions.some((p) => ctx.can(p))) throw new ForbiddenError();
    return true;
  }
}
