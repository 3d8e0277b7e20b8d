import { NOTIFICATION_KINDS } from '@council/core';

import { NOTIFICATION_RECIPIENTS, recipientUnits } from './notification-recipients.js';

describe('who is told', () => {
  const commune = { code: '00457', parentCode: '017' };

  it('names the unit, the unit above, or both, and never anyone else', () => {
    expect(recipientUnits('UNIT', commune)).toEqual(['00457']);
    expect(recipientUnits('PARENT', commune)).toEqual(['017']);
    expect(recipientUnits('UNIT_AND_PARENT', commune)).toEqual(['00457', '017']);
    expect(recipientUnits('PARENT', { code: '01', parentCode: null })).toEqual([]);
  });

  it('has a rule for every kind; a missing report goes to the district above too', () => {
    for (const kind of NOTIFICATION_KINDS) expect(NOTIFICATION_RECIPIENTS[kind]).toBeDefined();
    expect(NOTIFICATION_RECIPIENTS.REPORT_MISSING).toBe('UNIT_AND_PARENT');
    expect(NOTIFICATION_RECIPIENTS.REPORT_RETURNED).toBe('UNIT');
  });
});
