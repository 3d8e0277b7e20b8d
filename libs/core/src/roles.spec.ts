import { Permission, Role, ROLE_PERMISSIONS, roleHas } from './roles.js';

const P = Permission;
const granted = (role: Role) => Object.values(Permission).filter((p) => roleHas(role, p));

describe('roles', () => {
  it('gives a city admin every permission, including audit and the catalogue', () => {
    expect(granted(Role.CITY_ADMIN)).toEqual(Object.values(Permission));
  });

  it('gives city staff review, statistics, directives, city-wide briefings and audit, not the catalogue nor hosting', () => {
    expect(granted(Role.CITY_STAFF)).toEqual([
      P.Authenticated,
      P.ReadReference,
      P.ReadReports,
      P.WriteReports,
      P.ReviewReports,
      P.ReadStatistics,
      P.ReadSummaries,
      P.IssueDirectives,
      P.ReadDirectives,
      P.WorkAssignments,
      P.ManageBriefings,
      P.ReadAudit,
    ]);
  });

  it("lets district staff review their wards, read their own communes' completeness, issue directives and host their own briefings, nothing city-wide", () => {
    expect(granted(Role.DISTRICT_STAFF)).toEqual([
      P.Authenticated,
      P.ReadReference,
      P.ReadReports,
      P.WriteReports,
      P.ReviewReports,
      P.ReadDistrictCompleteness,
      P.IssueDirectives,
      P.ReadDirectives,
      P.WorkAssignments,
      P.HostBriefings,
    ]);
    expect(roleHas(Role.DISTRICT_STAFF, P.ReadStatistics)).toBe(false);
    expect(roleHas(Role.DISTRICT_STAFF, P.ManageBriefings)).toBe(false);
  });

  it('lets ward staff file reports and work assignments only', () => {
    expect(granted(Role.WARD_STAFF)).toEqual([
      P.Authenticated,
      P.ReadReference,
      P.ReadReports,
      P.WriteReports,
      P.ReadDirectives,
      P.WorkAssignments,
    ]);
  });

  it('lets a viewer read the reference data and briefing summaries, and write nothing', () => {
    expect(granted(Role.VIEWER)).toEqual([P.Authenticated, P.ReadReference, P.ReadSummaries]);
  });

  it('gives district completeness to district staff (and the admin) only; city staff read every completeness through ReadStatistics', () => {
    expect(Object.values(Role).filter((r) => roleHas(r, P.ReadDistrictCompleteness))).toEqual([Role.CITY_ADMIN, Role.DISTRICT_STAFF]);
    expect(Object.values(Role).filter((r) => roleHas(r, P.ReadStatistics))).toEqual([Role.CITY_ADMIN, Role.CITY_STAFF]);
  });

  it('reserves the catalogue, the users, the queues and the audit log', () => {
    const withCatalogue = Object.values(Role).filter((r) => roleHas(r, P.ManageCatalogue));
    expect(withCatalogue).toEqual([Role.CITY_ADMIN]);
    expect(Object.values(Role).filter((r) => roleHas(r, P.ManageUsers))).toEqual([Role.CITY_ADMIN]);
    expect(Object.values(Role).filter((r) => roleHas(r, P.OperateQueues))).toEqual([Role.CITY_ADMIN]);
    const withAudit = Object.values(Role).filter((r) => roleHas(r, P.ReadAudit));
    expect(withAudit).toEqual([Role.CITY_ADMIN, Role.CITY_STAFF]);
  });

  it('keeps the role and permission names stored in tokens and the database', () => {
    expect(Object.values(Role)).toEqual(['CITY_ADMIN', 'CITY_STAFF', 'DISTRICT_STAFF', 'WARD_STAFF', 'VIEWER']);
    expect(Object.entries(Permission).every(([k, v]) => k === v)).toBe(true);
    expect(Object.keys(ROLE_PERMISSIONS).sort()).toEqual([...Object.values(Role)].sort());
  });
});
