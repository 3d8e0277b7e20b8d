import type { Bilingual } from './errors.js';
import { parseQuarter, periodLabel, vietnameseDateText } from './period.js';
import { vietnamDateTimeText } from './statistics-export.js';

/**
 * What a person is told about, in their notification centre and by email. Adding a kind: a label here, a text in
 * NOTIFICATION_TEXTS, and its recipients in libs/notifications (NOTIFICATION_RECIPIENTS); the compiler asks for each.
 */
export enum NotificationKind {
  REPORT_RETURNED = 'REPORT_RETURNED',
  REPORT_ACCEPTED = 'REPORT_ACCEPTED',
  DIRECTIVE_ASSIGNED = 'DIRECTIVE_ASSIGNED',
  ASSIGNMENT_OVERDUE = 'ASSIGNMENT_OVERDUE',
  QUARTER_DUE_SOON = 'QUARTER_DUE_SOON',
  REPORT_MISSING = 'REPORT_MISSING',
  REOPEN_REQUESTED = 'REOPEN_REQUESTED',
  REOPEN_GRANTED = 'REOPEN_GRANTED',
  REOPEN_REFUSED = 'REOPEN_REFUSED',
  QUARTER_CLOSED = 'QUARTER_CLOSED',
  ACCOUNT_LOCKED = 'ACCOUNT_LOCKED',
}

export const NOTIFICATION_KINDS = Object.values(NotificationKind);

/** The kind's name, as the preferences panel lists it. */
export const NOTIFICATION_KIND_LABELS: Readonly<Record<NotificationKind, Bilingual>> = {
  REPORT_RETURNED: { vi: 'Báo cáo bị trả lại', en: 'Report returned' },
  REPORT_ACCEPTED: { vi: 'Báo cáo được chấp nhận', en: 'Report accepted' },
  DIRECTIVE_ASSIGNED: { vi: 'Chỉ đạo mới được giao', en: 'New directive assigned' },
  ASSIGNMENT_OVERDUE: { vi: 'Nhiệm vụ quá hạn', en: 'Assignment overdue' },
  QUARTER_DUE_SOON: { vi: 'Sắp đến hạn báo cáo quý', en: 'Quarterly report due soon' },
  REPORT_MISSING: { vi: 'Chưa gửi báo cáo quá hạn', en: 'Report missing after its due date' },
  REOPEN_REQUESTED: { vi: 'Đề nghị mở lại báo cáo', en: 'Reopening requested' },
  REOPEN_GRANTED: { vi: 'Đồng ý mở lại báo cáo', en: 'Reopening granted' },
  REOPEN_REFUSED: { vi: 'Từ chối mở lại báo cáo', en: 'Reopening refused' },
  QUARTER_CLOSED: { vi: 'Khoá sổ quý', en: 'Quarter closed' },
  ACCOUNT_LOCKED: { vi: 'Tài khoản bị khoá do đăng nhập sai nhiều lần', en: 'Account locked by failed sign-ins' },
};

/** What a notification is about; each kind fills the parts it needs. */
export interface NotificationSubject {
  unitCode: string;
  /** The unit's Vietnamese name ("Xã Xuân Nộn") and its English label. */
  unitName: Bilingual;
  period?: string;
  reportId?: string;
  directiveId?: string;
  assignmentId?: string;
  /** A directive's title (Vietnamese as issued). */
  title?: string;
  /** A reviewer's comment, a reason. */
  note?: string | null;
  /** YYYY-MM-DD. */
  dueDate?: string;
  /** Days before (positive) or after (negative… written as days after) the due date, for reminders. */
  days?: number;
  /** An account locked by sign-in guesses: its name, the failures counted, the address of the last, when (ISO). */
  lock?: { username: string; failures: number; windowSeconds: number; address: string; at: string };
}

export interface NotificationText {
  title: Bilingual;
  body: Bilingual;
}

const quarter = (s: NotificationSubject): Bilingual => periodLabel(parseQuarter(s.period ?? ''));
const due = (s: NotificationSubject): string => (s.dueDate ? vietnameseDateText(s.dueDate) : '');
const withNote = (text: string, note: string | null | undefined, lead: string): string => (note ? `${text} ${lead}: “${note}”` : text);

/** Each kind's words, Vietnamese first; the pages, the centre and the mails all show these. */
export const NOTIFICATION_TEXTS: Readonly<Record<NotificationKind, (s: NotificationSubject) => NotificationText>> = {
  REPORT_RETURNED: (s) => ({
    title: { vi: `Báo cáo ${quarter(s).vi} bị trả lại`, en: `${quarter(s).en} report returned` },
    body: {
      vi: withNote(`Báo cáo ${quarter(s).vi} của ${s.unitName.vi} đã bị cấp trên trả lại, đề nghị chỉnh sửa và gửi lại.`, s.note, 'Ý kiến'),
      en: withNote(`The ${quarter(s).en} report of ${s.unitName.en} was returned; please correct and resubmit it.`, s.note, 'Comment'),
    },
  }),
  REPORT_ACCEPTED: (s) => ({
    title: { vi: `Báo cáo ${quarter(s).vi} đã được chấp nhận`, en: `${quarter(s).en} report accepted` },
    body: {
      vi: `Báo cáo ${quarter(s).vi} của ${s.unitName.vi} đã được cấp trên chấp nhận.`,
      en: `The ${quarter(s).en} report of ${s.unitName.en} was accepted.`,
    },
  }),
  DIRECTIVE_ASSIGNED: (s) => ({
    title: { vi: `Chỉ đạo mới: ${s.title ?? ''}`, en: `New directive: ${s.title ?? ''}` },
    body: {
      vi: `${s.unitName.vi} được giao thực hiện chỉ đạo “${s.title ?? ''}”, hạn hoàn thành ${due(s)}.`,
      en: `${s.unitName.en} has been assigned the directive “${s.title ?? ''}”, due ${due(s)}.`,
    },
  }),
  ASSIGNMENT_OVERDUE: (s) => ({
    title: { vi: `Nhiệm vụ quá hạn: ${s.title ?? ''}`, en: `Assignment overdue: ${s.title ?? ''}` },
    body: {
      vi: `Nhiệm vụ “${s.title ?? ''}” của ${s.unitName.vi} đã quá hạn ${due(s)} mà chưa hoàn thành.`,
      en: `The assignment “${s.title ?? ''}” of ${s.unitName.en} passed its due date ${due(s)} unfinished.`,
    },
  }),
  QUARTER_DUE_SOON: (s) => ({
    title: { vi: `Còn ${s.days} ngày đến hạn báo cáo ${quarter(s).vi}`, en: `${quarter(s).en} report due in ${s.days} day(s)` },
    body: {
      vi: `${s.unitName.vi} chưa gửi báo cáo ${quarter(s).vi}; hạn gửi là ngày ${due(s)}.`,
      en: `${s.unitName.en} has not submitted its ${quarter(s).en} report; it is due on ${due(s)}.`,
    },
  }),
  REPORT_MISSING: (s) => ({
    title: { vi: `${s.unitName.vi} chưa gửi báo cáo ${quarter(s).vi}`, en: `${s.unitName.en}: ${quarter(s).en} report missing` },
    body: {
      vi: `Đã quá hạn ${due(s)} ${s.days} ngày mà ${s.unitName.vi} chưa gửi báo cáo ${quarter(s).vi}.`,
      en: `${s.days} day(s) after its due date ${due(s)}, ${s.unitName.en} has not submitted its ${quarter(s).en} report.`,
    },
  }),
  REOPEN_REQUESTED: (s) => ({
    title: {
      vi: `${s.unitName.vi} đề nghị mở lại báo cáo ${quarter(s).vi}`,
      en: `${s.unitName.en} asks to reopen its ${quarter(s).en} report`,
    },
    body: {
      vi: withNote(`${s.unitName.vi} đề nghị mở lại báo cáo ${quarter(s).vi} đã khóa sổ.`, s.note, 'Lý do'),
      en: withNote(`${s.unitName.en} asks to reopen its closed ${quarter(s).en} report.`, s.note, 'Reason'),
    },
  }),
  REOPEN_GRANTED: (s) => ({
    title: { vi: `Báo cáo ${quarter(s).vi} được mở lại`, en: `${quarter(s).en} report reopened` },
    body: {
      vi: `Đề nghị mở lại báo cáo ${quarter(s).vi} của ${s.unitName.vi} đã được đồng ý.`,
      en: `The request to reopen the ${quarter(s).en} report of ${s.unitName.en} was granted.`,
    },
  }),
  REOPEN_REFUSED: (s) => ({
    title: { vi: `Không mở lại báo cáo ${quarter(s).vi}`, en: `${quarter(s).en} report not reopened` },
    body: {
      vi: withNote(`Đề nghị mở lại báo cáo ${quarter(s).vi} của ${s.unitName.vi} bị từ chối.`, s.note, 'Lý do'),
      en: withNote(`The request to reopen the ${quarter(s).en} report of ${s.unitName.en} was refused.`, s.note, 'Reason'),
    },
  }),
  ACCOUNT_LOCKED: (s) => {
    const lock = s.lock ?? { username: '', failures: 0, windowSeconds: 0, address: '', at: '' };
    const minutes = Math.max(1, Math.round(lock.windowSeconds / 60));
    const at = lock.at ? vietnamDateTimeText(new Date(lock.at)) : '';
    return {
      title: { vi: `Tài khoản ${lock.username} bị khoá tạm thời`, en: `Account ${lock.username} locked for a while` },
      body: {
        vi: `${lock.failures} lần đăng nhập sai vào tài khoản ${lock.username} trong ${minutes} phút, từ nhiều nơi; lần cuối từ địa chỉ ${lock.address} lúc ${at}. Tài khoản tự mở lại sau thời gian chờ; xem nhật ký quản trị và đổi mật khẩu nếu cần.`,
        en: `${lock.failures} failed sign-ins to ${lock.username} within ${minutes} min, from many places; the last from ${lock.address} at ${at}. The account opens again after the wait; see the admin audit log and reset the password if needed.`,
      },
    };
  },
  QUARTER_CLOSED: (s) => ({
    title: { vi: `Đã khoá sổ ${quarter(s).vi}`, en: `${quarter(s).en} closed` },
    body: {
      vi: `${quarter(s).vi} đã khoá sổ đối với ${s.unitName.vi}: báo cáo của quý không sửa hay gửi được nữa, trừ khi được cấp trên cho mở lại.`,
      en: `${quarter(s).en} is closed for ${s.unitName.en}: reports can no longer be saved or submitted unless reopened.`,
    },
  }),
};

/** The web app's page a notification opens (a report, an assignment), from its kind and subject. */
export function notificationLink(kind: NotificationKind, s: NotificationSubject): string {
  if (kind === NotificationKind.ACCOUNT_LOCKED) return '/admin';
  if (s.directiveId || kind === NotificationKind.DIRECTIVE_ASSIGNED || kind === NotificationKind.ASSIGNMENT_OVERDUE) return '/directives';
  return `/reports/${s.unitCode}/${s.period ?? ''}`;
}

/**
 * Reminder offsets from configuration ("7,3,1"): distinct whole days, largest first; an empty list switches the
 * reminder off. Throws a message naming the variable when one is not a day count.
 */
export function parseDayOffsets(name: string, raw: string): number[] {
  const parts = raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const days = parts.map(Number);
  if (days.some((d) => !Number.isInteger(d) || d < 0 || d > 366))
    throw new RangeError(`${name}="${raw}" must be whole days from 0 to 366, separated by commas`);
  return [...new Set(days)].sort((a, b) => b - a);
}

/**
 * Which reminder offset applies `daysLeft` days before a due date: the smallest offset not below it ("7,3,1" and 5
 * days left → 7; 2 → 3; 0 → none, the due day itself is not a reminder), or null. One reminder per window, so a
 * worker that was down on the seventh day still sends the 7-day reminder on the fifth, and only once.
 */
export function reminderBefore(offsets: readonly number[], daysLeft: number): number | null {
  if (daysLeft < 1) return null;
  const fitting = offsets.filter((o) => o >= daysLeft);
  return fitting.length ? Math.min(...fitting) : null;
}

/** Which offset applies `daysLate` days after a due date: the largest offset reached (1,7 and 3 days late → 1), or null. */
export function reminderAfter(offsets: readonly number[], daysLate: number): number | null {
  const reached = offsets.filter((o) => o >= 1 && o <= daysLate);
  return reached.length ? Math.max(...reached) : null;
}
