/**
 * Roles and what they may do. Resolvers declare the permission they need
 * (`@Allow(Permission.X)`); a resolver that declares none is refused.
 * Which *units* a user may touch is the scope (see scope.ts), checked in services.
 */
export enum Role {
  CITY_ADMIN = 'CITY_ADMIN',
  CITY_STAFF = 'CITY_STAFF',
  DISTRICT_STAFF = 'DISTRICT_STAFF',
  WARD_STAFF = 'WARD_STAFF',
  VIEWER = 'VIEWER',
}

export enum Permission {
  /** Signed in at all: `me`. */
  Authenticated = 'Authenticated',
  /** The unit tree and the metric catalogue. */
  ReadReference = 'ReadReference',
  /** Quarterly reports of the units in scope. */
  ReadReports = 'ReadReports',
  WriteReports = 'WriteReports',
  /** Accept or return the reports of one's subordinate units. */
  ReviewReports = 'ReviewReports',
  /** City-wide statistics and completeness. */
  ReadStatistics = 'ReadStatistics',
  /** Completeness of one's own district's communes only (district staff; the service keeps it to that scope and level). */
  ReadDistrictCompleteness = 'ReadDistrictCompleteness',
  /** Briefing summaries (what a VIEWER screen shows). */
  ReadSummaries = 'ReadSummaries',
  IssueDirectives = 'IssueDirectives',
  ReadDirectives = 'ReadDirectives',
  WorkAssignments = 'WorkAssignments',
  /** Every briefing meeting under one's city (city staff); also the reporting deadlines. */
  ManageBriefings = 'ManageBriefings',
  /**
   * Briefing meetings one's own council hosts (a district with its communes).
   * Separate from ManageBriefings, which also sets the city-wide reporting
   * deadline; the meetings service keeps it to the caller's own unit.
   */
  HostBriefings = 'HostBriefings',
  ReadAudit = 'ReadAudit',
  ManageCatalogue = 'ManageCatalogue',
  /** Create, disable, re-enable users, reset their passwords, set their role and unit (administrators only). */
  ManageUsers = 'ManageUsers',
  /** The queue dashboard (bull-board at /admin/queues): jobs, dead letters, retries (administrators only). */
  OperateQueues = 'OperateQueues',
}

const STAFF_COMMON: Permission[] = [
  Permission.Authenticated,
  Permission.ReadReference,
  Permission.ReadReports,
  Permission.WriteReports,
  Permission.ReadDirectives,
  Permission.WorkAssignments,
];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  [Role.CITY_ADMIN]: new Set(Object.values(Permission)),
  [Role.CITY_STAFF]: new Set([
    ...STAFF_COMMON,
    Permission.ReviewReports,
    Permission.ReadStatistics,
    Permission.ReadSummaries,
    Permission.IssueDirectives,
    Permission.ManageBriefings,
    Permission.ReadAudit,
  ]),
  [Role.DISTRICT_STAFF]: new Set([
    ...STAFF_COMMON,
    Permission.ReviewReports,
    Permission.ReadDistrictCompleteness,
    Permission.IssueDirectives,
    Permission.HostBriefings,
  ]),
  [Role.WARD_STAFF]: new Set(STAFF_COMMON),
  [Role.VIEWER]: new Set([Permission.Authenticated, Permission.ReadReference, Permission.ReadSummaries]),
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}
