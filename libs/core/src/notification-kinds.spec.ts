import {
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_KINDS,
  NOTIFICATION_TEXTS,
  NotificationKind,
  notificationLink,
  parseDayOffsets,
  reminderAfter,
  reminderBefore,
} from './notification-kinds.js';

const XUAN_NON = { unitCode: '00457', unitName: { vi: 'Xã Xuân Nộn', en: 'Xuan Non Commune' } };

describe('reminder offsets', () => {
  it('reads "7,3,1" largest first, without repeats; empty is none; a bad one names the variable', () => {
    expect(parseDayOffsets('REMINDER_DAYS_BEFORE', ' 1, 7,3,7 ')).toEqual([7, 3, 1]);
    expect(parseDayOffsets('REMINDER_DAYS_AFTER', '')).toEqual([]);
    expect(() => parseDayOffsets('REMINDER_DAYS_AFTER', '1,a')).toThrow('REMINDER_DAYS_AFTER="1,a" must be whole days');
    expect(() => parseDayOffsets('REMINDER_DAYS_AFTER', '-1')).toThrow(RangeError);
    expect(() => parseDayOffsets('REMINDER_DAYS_AFTER', '1.5')).toThrow(RangeError);
    expect(() => parseDayOffsets('REMINDER_DAYS_AFTER', '367')).toThrow(RangeError);
    expect(parseDayOffsets('X', '366,0')).toEqual([366, 0]);
  });

  it('before the due date: the tightest window reached, one reminder per window whatever day the run comes', () => {
    const offsets = [7, 3, 1];
    expect([10, 8, 7, 5, 4, 3, 2, 1, 0, -1].map((left) => reminderBefore(offsets, left))).toEqual([
      null,
      null,
      7,
      7,
      7,
      3,
      3,
      1,
      null,
      null,
    ]);
    expect(reminderBefore([], 1)).toBeNull();
  });

  it('after the due date: the largest offset reached', () => {
    const offsets = [7, 1];
    expect([0, 1, 2, 6, 7, 30].map((late) => reminderAfter(offsets, late))).toEqual([null, 1, 1, 1, 7, 7]);
    expect(reminderAfter([0], 5)).toBeNull();
  });
});

describe('notification texts', () => {
  it('has a label and words for every kind', () => {
    for (const kind of NOTIFICATION_KINDS) {
      expect(NOTIFICATION_KIND_LABELS[kind].vi).toBeTruthy();
      const text = NOTIFICATION_TEXTS[kind]({ ...XUAN_NON, period: '2024Q1', title: 'Rà soát', dueDate: '2024-04-10', days: 3 });
      expect(text.title.vi).toBeTruthy();
      expect(text.body.en).toBeTruthy();
    }
  });

  it('writes Vietnamese first, with quarters in Roman numerals and dates dd/mm/yyyy', () => {
    const returned = NOTIFICATION_TEXTS.REPORT_RETURNED({ ...XUAN_NON, period: '2024Q1', note: 'Thiếu số nghị quyết.' });
    expect(returned.title).toEqual({ vi: 'Báo cáo Quý I/2024 bị trả lại', en: 'Q1 2024 report returned' });
    expect(returned.body.vi).toBe(
      'Báo cáo Quý I/2024 của Xã Xuân Nộn đã bị cấp trên trả lại, đề nghị chỉnh sửa và gửi lại. Ý kiến: “Thiếu số nghị quyết.”',
    );
    expect(NOTIFICATION_TEXTS.REPORT_RETURNED({ ...XUAN_NON, period: '2024Q1' }).body.vi).not.toContain('Ý kiến');
    const soon = NOTIFICATION_TEXTS.QUARTER_DUE_SOON({ ...XUAN_NON, period: '2024Q4', dueDate: '2025-01-10', days: 3 });
    expect(soon.title.vi).toBe('Còn 3 ngày đến hạn báo cáo Quý IV/2024');
    expect(soon.body.vi).toBe('Xã Xuân Nộn chưa gửi báo cáo Quý IV/2024; hạn gửi là ngày 10/01/2025.');
    const missing = NOTIFICATION_TEXTS.REPORT_MISSING({ ...XUAN_NON, period: '2024Q4', dueDate: '2025-01-10', days: 7 });
    expect(missing.body.vi).toBe('Đã quá hạn 10/01/2025 7 ngày mà Xã Xuân Nộn chưa gửi báo cáo Quý IV/2024.');
    const assigned = NOTIFICATION_TEXTS.DIRECTIVE_ASSIGNED({ ...XUAN_NON, title: 'Rà soát kết luận', dueDate: '2024-05-31' });
    expect(assigned.body.vi).toBe('Xã Xuân Nộn được giao thực hiện chỉ đạo “Rà soát kết luận”, hạn hoàn thành 31/05/2024.');
  });

  it('links a report kind to the report and a directive kind to the directives', () => {
    expect(notificationLink(NotificationKind.REPORT_RETURNED, { ...XUAN_NON, period: '2024Q1' })).toBe('/reports/00457/2024Q1');
    expect(notificationLink(NotificationKind.DIRECTIVE_ASSIGNED, XUAN_NON)).toBe('/directives');
    expect(notificationLink(NotificationKind.QUARTER_DUE_SOON, { ...XUAN_NON, period: '2024Q2' })).toBe('/reports/00457/2024Q2');
  });
});
