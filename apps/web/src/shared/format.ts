// How numbers, dates and times read on every page: Vietnamese conventions (1.236, dd/mm/yyyy) in Vietnam time,
// whichever language the labels are in, because clerks compare the screen with their paper and Excel copies.
import { isIsoDate, vietnameseDateText } from '@council/core/period.js';

export type Lang = 'vi' | 'en';

export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

// Written out rather than asked of Intl: the first Intl.NumberFormat / DateTimeFormat of a tab loads ICU's locale and
// time-zone data, 50–350 ms of the page's main thread on a busy machine (measured in Chromium, bench/web.mjs --trace),
// before the explorer's first figure can show. format.spec.ts holds these to Intl's own output.

const SEPARATORS: Record<Lang, { group: string; decimal: string }> = { vi: { group: '.', decimal: ',' }, en: { group: ',', decimal: '.' } };

/**
 * A number to tenths as Intl rounds it: its shortest decimal text (what String gives, 1.05 for 1.05), half away from
 * zero.
 */
function tenths(abs: number): { whole: string; tenth: number } {
  if (abs >= 2 ** 53) return { whole: BigInt(abs).toString(), tenth: 0 };
  if (abs < 0.05) return { whole: '0', tenth: 0 };
  const [int, frac = ''] = String(abs).split('.');
  const tenth = Number(frac[0] ?? 0) + (frac[1] !== undefined && frac[1] >= '5' ? 1 : 0);
  return tenth === 10 ? { whole: String(Number(int) + 1), tenth: 0 } : { whole: int, tenth };
}

/** 1236 → "1.236" (vi) or "1,236" (en), at most one decimal (1.234,5); nothing → "–". As Intl's vi-VN / en-GB. */
export function formatNumber(value: number | null | undefined, lang: Lang = 'vi'): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  const { whole, tenth } = tenths(Math.abs(value));
  const { group, decimal } = SEPARATORS[lang];
  const digits = `${whole.replace(/\B(?=(\d{3})+$)/g, group)}${tenth ? `${decimal}${tenth}` : ''}`;
  return value < 0 || Object.is(value, -0) ? `-${digits}` : digits;
}

/**
 * Vietnam time: UTC+7 all year, no summer time, since 1975 (the tz database's Asia/Ho_Chi_Minh), so an instant's
 * calendar and clock there are UTC's seven hours on.
 */
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const two = (n: number) => String(n).padStart(2, '0');

function inVietnam(value: string | Date): Date | null {
  const instant = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(instant.getTime()) ? null : new Date(instant.getTime() + VIETNAM_OFFSET_MS);
}
const dayText = (v: Date) => `${two(v.getUTCDate())}/${two(v.getUTCMonth() + 1)}/${v.getUTCFullYear()}`;
const timeText = (v: Date) => `${two(v.getUTCHours())}:${two(v.getUTCMinutes())}`;

/**
 * A calendar date ("2024-04-10") or an instant, as dd/mm/yyyy. A calendar date is shown as written: reading it as
 * UTC midnight would put it on the wrong day nowhere, but Vietnam time is what the instant form uses.
 */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '–';
  if (typeof value === 'string' && isIsoDate(value)) return vietnameseDateText(value);
  const v = inVietnam(value);
  return v ? dayText(v) : '–';
}

/** An instant as "14:05 05/12/2026", in Vietnam time. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '–';
  const v = inVietnam(value);
  return v ? `${timeText(v)} ${dayText(v)}` : '–';
}

/** An instant's time of day to the second, "14:05:32" in Vietnam time (when a live screen last changed). */
export function formatClock(value: string | Date | null | undefined): string {
  if (!value) return '–';
  const v = inVietnam(value);
  return v ? `${timeText(v)}:${two(v.getUTCSeconds())}` : '–';
}

/** Today's date in Vietnam as "YYYY-MM-DD" (what due dates are compared with). */
export function vietnamToday(now: Date = new Date()): string {
  const v = inVietnam(now)!;
  return `${v.getUTCFullYear()}-${two(v.getUTCMonth() + 1)}-${two(v.getUTCDate())}`;
}

/** Whole days from today (Vietnam) to a due date; negative when it has passed. */
export function daysUntil(dueDate: string, now: Date = new Date()): number {
  const today = Date.parse(`${vietnamToday(now)}T00:00:00Z`);
  return Math.round((Date.parse(`${dueDate}T00:00:00Z`) - today) / 86_400_000);
}
