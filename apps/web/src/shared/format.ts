// How numbers, dates and times read on every page: Vietnamese conventions (1.236, dd/mm/yyyy) in Vietnam time,
// whichever language the labels are in, because clerks compare the screen with their paper and Excel copies.
import { isIsoDate, vietnameseDateText } from '@council/core/period.js';

export type Lang = 'vi' | 'en';

export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const numberFormats: Record<Lang, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
};

/** 1236 → "1.236" (vi) or "1,236" (en); nothing → "–". */
export function formatNumber(value: number | null | undefined, lang: Lang = 'vi'): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return numberFormats[lang].format(value);
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: VIETNAM_TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: VIETNAM_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/**
 * A calendar date ("2024-04-10") or an instant, as dd/mm/yyyy. A calendar date is shown as written: reading it as
 * UTC midnight would put it on the wrong day nowhere, but Vietnam time is what the instant form uses.
 */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '–';
  if (typeof value === 'string' && isIsoDate(value)) return vietnameseDateText(value);
  const instant = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(instant.getTime()) ? '–' : dateFormat.format(instant);
}

/** An instant as "14:05 05/12/2026", in Vietnam time. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '–';
  const instant = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(instant.getTime())) return '–';
  return `${timeFormat.format(instant)} ${dateFormat.format(instant)}`;
}

const clockFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: VIETNAM_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** An instant's time of day to the second, "14:05:32" in Vietnam time (when a live screen last changed). */
export function formatClock(value: string | Date | null | undefined): string {
  if (!value) return '–';
  const instant = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(instant.getTime()) ? '–' : clockFormat.format(instant);
}

/** Today's date in Vietnam as "YYYY-MM-DD" (what due dates are compared with). */
export function vietnamToday(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: VIETNAM_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
  return parts.format(now);
}

/** Whole days from today (Vietnam) to a due date; negative when it has passed. */
export function daysUntil(dueDate: string, now: Date = new Date()): number {
  const today = Date.parse(`${vietnamToday(now)}T00:00:00Z`);
  return Math.round((Date.parse(`${dueDate}T00:00:00Z`) - today) / 86_400_000);
}
