import { NOTIFICATION_KINDS } from '@council/core';

import { kindsFor, NOTIFICATION_RECIPIENTS, recipientsOf } from './notification-recipients.js';

describe('who is told', () => {
  const commune = { code: '00457', parentCode: '017' };

  it('names the unit, the unit above, or both, and never anyone else', () => {
    expect(recipientsOf('UNIT', commune).codes).toEqual(['00457']);
    expect(recipientsOf('PARENT', commune).codes).toEqual(['017']);
    expect(recipientsOf('UNIT_AND_PARENT', commune).codes).toEqual(['00457', '017']);
    expect(recipientsOf('PARENT', { code: '01', parentCode: null }).codes).toEqual([]);
    expect(recipientsOf('UNIT', commune).roles).toEqual(['WARD_STAFF', 'DISTRICT_STAFF', 'CITY_STAFF']);
  });

  it('tells administrators, and only them, of an account locked by guesses', () => {
    expect(NOTIFICATION_RECIPIENTS.ACCOUNT_LOCKED).toBe('ADMINS');
    expect(recipientsOf('ADMINS', { code: '01', parentCode: null })).toEqual({ codes: ['01'], roles: ['CITY_ADMIN'] });
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
