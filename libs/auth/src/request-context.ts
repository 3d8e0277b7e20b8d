import { randomUUID } from 'node:crypto';

import { type Permission, Role, roleHas, UnauthenticatedError } from '@council/core';
import { currentRequestId } from '@council/server';

export interface AuthUser {
  id: string;
  username: string;
  role: Role;
  /** GSO code of the user's council. */
  unitCode: string;
  /** Its identity (issue 14): what scope compares when the unit asked about knows its own; absent: the code decides. */
  unitId?: string | null;
}

/**
 * Who is asking, passed as the first argument of every service method. Built
 * by the guard from the bearer token.
 */
export class RequestContext {
  constructor(
    readonly user: AuthUser | null,
    /** The id the request's log lines and the events it writes carry (X-Request-Id). */
    readonly requestId: string = currentRequestId() ?? randomUUID(),
    readonly ip?: string,
  ) {}

  static anonymous(ip?: string): RequestContext {
    return new RequestContext(null, undefined, ip);
  }

  get isAuthenticated(): boolean {
    return this.user !== null;
  }

  requireUser(): AuthUser {
    if (!this.user) throw new UnauthenticatedError();
    return this.user;
  }

  can(permission: Permission): boolean {
    return this.user !== null && roleHas(this.user.role, permission);
  }

  /** City staff and administrators act for every unit. */
  get isCityWide(): boolean {
    return this.user?.role === Role.CITY_ADMIN || this.user?.role === Role.CITY_STAFF;
  }
}
