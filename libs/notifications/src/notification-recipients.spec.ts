import { NOTIFICATION_KINDS } from '@council/core';

import { kindsFor, NOTIFICATION_RECIPIENTS, recipientsOf } from './notification-recipients.js';

describe('who is told', () => {
  const commune = { code: '00457', unitId: 'id-00457', parentCode: '017', parentUnitId: 'id-017' };
  const codes = (rule: Parameters<typeof recipientsOf>[0], unit: Parameters<typeof recipientsOf>[1]) =>
    recipientsOf(rule, unit).units.map((u) => u.code);

  it('names the unit, the unit above, or both, and never anyone else', () => {
    expect(codes('UNIT', commune)).toEqual(['00457']);
    expect(codes('PARENT', commune)).toEqual(['017']);
    expect(codes('UNIT_AND_PARENT', commune)).toEqual(['00457', '017']);
    expect(codes('PARENT', { code: '01', parentCode: null })).toEqual([]);
    expect(recipientsOf('UNIT', commune).roles).toEqual(['WARD_STAFF', 'DISTRICT_STAFF', 'CITY_STAFF']);
  });

  it("names each unit's identity beside its code, none where it is not known", () => {
    expect(recipientsOf('UNIT_AND_PARENT', commune).units).toEqual([
      { code: '00457', unitId: 'id-00457' },
      { code: '017', unitId: 'id-017' },
    ]);
    expect(recipientsOf('UNIT_AND_PARENT', { code: '00457', parentCode: '017' }).units).toEqual([
      { code: '00457', unitId: null },
      { code: '017', unitId: null },
    ]);
  });

  it('tells administrators, and only them, of an account locked by guesses', () => {
    expect(NOTIFICATION_RECIPIENTS.ACCOUNT_LOCKED).toBe('ADMINS');
    expect(recipientsOf('ADMINS', { code: '01', parentCode: null })).toEqual({
      units: [{ code: '01', unitId: null }],
      roles: ['CITY_ADMIN'],
    });
    // Each account's preferences list the kinds it can get: an administrator's this one, a clerk's all but it.
    expect(kindsFor('CITY_ADMIN')).toEqual(['ACCOUNT_LOCKED']);
    expect(kindsFor('WARD_STAFF')).toHaveLength(NOTIFICATION_KINDS.length - 1);
    expect(kindsFor('WARD_STAFF')).not.toContain('ACCOUNT_LOCKED');
    expect(kindsFor('VIEWER')).toEqual([]);
  });

  it('has a rule for every kind; a missing report goes to the district above too', () => {
    for (const kind of NOTIFICATION_KINDS) expect(NOTIFICATION_RECIPIENTS[kind]).toBeDefined();
    expect(NOTIFICATION_RECIPIENTS.REPORT_MISSING).toBe('UNIT_AND_PARENT');
    expect(NOTIFICATION_RECIPIENTS.REPORT_RETURNED).toBe('UNIT');
  });
});
