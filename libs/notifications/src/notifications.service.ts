import type { RequestContext } from '@council/auth';
import {
  type AppConfig,
  InvalidInputError,
  isUsersUnit,
  NOTIFICATION_KINDS,
  NOTIFICATION_TEXTS,
  NotificationKind,
  notificationLink,
  type NotificationSubject,
} from '@council/core';
import { publishToScreens } from '@council/messaging';
import { APP_CONFIG, REDIS } from '@council/server';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';

import type { NotificationEntity } from './notification.entities.js';
import { kindsFor, type NoticeUnit, NOTIFICATION_RECIPIENTS, recipientsOf } from './notification-recipients.js';
import { type NotificationsChanged, notificationsChannel, NOTIFY_DB } from './notifications.tokens.js';

/** Something to tell the staff of a unit (and, by the kind's rule, of the unit above). */
export interface NotificationDraft {
  kind: NotificationKind;
  /** What makes it the same notification however often it is drafted: with the kind, unique per recipient. */
  key: string;
  unit: NoticeUnit;
  subject: NotificationSubject;
}

export interface NotificationPreference {
  kind: NotificationKind;
  inApp: boolean;
  email: boolean;
}

export interface NotificationPage {
  items: NotificationEntity[];
  endCursor: string | null;
  hasMore: boolean;
}

export const MAX_PAGE = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COLUMNS = `id, user_id AS "userId", kind, dedupe_key AS "dedupeKey", unit_code AS "unitCode", period, subject_id AS "subjectId", link,
  title_vi AS "titleVi", title_en AS "titleEn", body_vi AS "bodyVi", body_en AS "bodyEn", in_app AS "inApp", created_at AS "createdAt", read_at AS "readAt",
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt"`;

/**
 * The notification centre: the one writer of notify.notification (and of the mail it queues), and each user's reads
 * of their own. Every read and change is of the caller's own rows: the user id comes from the request, never from input.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @Inject(NOTIFY_DB) private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Writes each draft for each of its recipients (the active accounts its kind's rule names — staff of the units, or
   * the city's administrators — as their preferences allow), and the mail of those who take it by email, in one transaction. A draft already written for
   * a recipient is skipped (the dedupe key), so a redelivered event or a rerun creates nothing. Returns how many were new.
   */
  async notify(drafts: readonly NotificationDraft[]): Promise<number> {
    if (drafts.length === 0) return 0;
    const wanted = drafts.map((d) => recipientsOf(NOTIFICATION_RECIPIENTS[d.kind], d.unit));
    const targets = wanted.flatMap((w) => w.units);
    // The staff of a unit as it stood then: by identity where the account and the unit both have one (the clerk of
    // the commune that took over a code in 2025 is not told of the earlier commune's reports), by code otherwise.
    const users: { id: string; unitCode: string; unitId: string | null; role: string }[] = await this.db.query(
      `SELECT id, unit_code AS "unitCode", unit_id AS "unitId", role::text AS role FROM auth.user_account
        WHERE active AND role::text = ANY($1) AND (unit_code = ANY($2) OR unit_id = ANY($3::uuid[]))`,
      [
        [...new Set(wanted.flatMap((w) => w.roles))],
        [...new Set(targets.map((t) => t.code))],
        [...new Set(targets.flatMap((t) => (t.unitId ? [t.unitId] : [])))],
      ],
    );
    const rows = drafts.flatMap((d, i) => {
      const text = NOTIFICATION_TEXTS[d.kind](d.subject);
      const subjectId = d.subject.reportId ?? d.subject.assignmentId ?? d.subject.directiveId ?? null;
      const { units, roles } = wanted[i];
      return units.flatMap((target) =>
        users
          .filter((u) => roles.includes(u.role) && isUsersUnit(u, target.code, target.unitId))
          .map(({ id: userId }) => ({
            userId,
            kind: d.kind,
            key: `${d.kind}:${d.key}`,
            unitCode: d.unit.code,
            period: d.subject.period ?? null,
            subjectId,
            link: notificationLink(d.kind, d.subject),
            ...text,
          })),
      );
    });
    if (rows.length === 0) return 0;
    const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
    const mailOn = this.config.notifications.smtpUrl !== null;
    const created = await this.db.transaction(async (tx) => {
      // A kind switched off on both channels is not written at all; off in the centre only, it is written to be mailed.
      const inserted: { id: string; user_id: string; in_app: boolean }[] = await tx.query(
        `INSERT INTO notify.notification (user_id, kind, dedupe_key, unit_code, period, subject_id, link, title_vi, title_en, body_vi, body_en, in_app)
         SELECT t.user_id, t.kind, t.key, t.unit_code, t.period, t.subject_id, t.link, t.title_vi, t.title_en, t.body_vi, t.body_en, coalesce(p.in_app, true)
           FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::uuid[], $7::varchar[], $8::text[], $9::text[], $10::text[], $11::text[])
                AS t(user_id, kind, key, unit_code, period, subject_id, link, title_vi, title_en, body_vi, body_en)
           JOIN auth.user_account u ON u.id = t.user_id
           LEFT JOIN notify.notification_preference p ON p.user_id = t.user_id AND p.kind = t.kind
          WHERE coalesce(p.in_app, true) OR ($12 AND coalesce(p.email, true) AND u.email IS NOT NULL)
         ON CONFLICT (user_id, dedupe_key) DO NOTHING
         RETURNING id, user_id, in_app`,
        [
          col((r) => r.userId),
          col((r) => r.kind),
          col((r) => r.key),
          col((r) => r.unitCode),
          col((r) => r.period),
          col((r) => r.subjectId),
          col((r) => r.link),
          col((r) => r.title.vi),
          col((r) => r.title.en),
          col((r) => r.body.vi),
          col((r) => r.body.en),
          mailOn,
        ],
      );
      if (mailOn && inserted.length)
        await tx.query(
          `INSERT INTO notify.mail_outbox (id, to_address, subject, body)
           SELECT n.id, u.email, n.title_vi, n.body_vi || E'\\n\\n' || $2 || n.link || E'\\n\\n—\\n' || n.title_en || E'\\n' || n.body_en
             FROM notify.notification n JOIN auth.user_account u ON u.id = n.user_id
             LEFT JOIN notify.notification_preference p ON p.user_id = n.user_id AND p.kind = n.kind
            WHERE n.id = ANY($1) AND u.email IS NOT NULL AND coalesce(p.email, true)
           ON CONFLICT (id) DO NOTHING`,
          [inserted.map((n) => n.id), this.config.corsOrigins[0] ?? ''],
        );
      return inserted;
    });
    await this.announce(created.filter((n) => n.in_app).map((n) => n.user_id));
    return created.length;
  }

  /** The caller's notifications, newest first, `first` at a time after the cursor of the previous page. */
  async list(
    ctx: RequestContext,
    options: { unreadOnly?: boolean | null; first?: number | null; after?: string | null },
  ): Promise<NotificationPage> {
    const me = ctx.requireUser().id;
    const first = options.first ?? 20;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE)
      throw new InvalidInputError('first', {
        vi: `Mỗi trang từ 1 đến ${MAX_PAGE} thông báo`,
        en: `A page holds 1 to ${MAX_PAGE} notifications`,
      });
    const cursor = options.after ? decodeCursor(options.after) : null;
    // The cursor keeps the microseconds PostgreSQL stores (a JavaScript date would round them off and skip rows).
    const rows: (NotificationEntity & { cursorAt: string })[] = await this.db.query(
      `SELECT ${COLUMNS} FROM notify.notification
        WHERE user_id = $1 AND in_app AND (NOT $2 OR read_at IS NULL)
          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $5`,
      [me, options.unreadOnly === true, cursor?.at ?? null, cursor?.id ?? null, first + 1],
    );
    const items = rows.slice(0, first);
    const last = items.at(-1);
    return { items, hasMore: rows.length > first, endCursor: last ? encodeCursor(last) : null };
  }

  async unreadCount(ctx: RequestContext): Promise<number> {
    const [row] = await this.db.query(
      `SELECT count(*)::int AS n FROM notify.notification WHERE user_id = $1 AND in_app AND read_at IS NULL`,
      [ctx.requireUser().id],
    );
    return row.n as number;
  }

  /** The newest of the caller's notifications (what the badge shows beside its count). */
  async latest(ctx: RequestContext): Promise<NotificationEntity | null> {
    return (await this.list(ctx, { first: 1 })).items[0] ?? null;
  }

  /** Marks the given notifications of the caller's (or all of them) read; another's id changes nothing. Returns how many changed. */
  async markRead(ctx: RequestContext, ids: readonly string[] | null | undefined, all: boolean | null | undefined): Promise<number> {
    const me = ctx.requireUser().id;
    if (!all && !ids?.length)
      throw new InvalidInputError('ids', { vi: 'Hãy chọn thông báo, hoặc đánh dấu tất cả', en: 'Give the notifications, or all' });
    if (ids && ids.length > MAX_PAGE)
      throw new InvalidInputError('ids', { vi: `Tối đa ${MAX_PAGE} thông báo một lần`, en: `At most ${MAX_PAGE} at once` });
    const bad = ids?.findIndex((id) => !UUID.test(id)) ?? -1;
    if (bad >= 0) throw new InvalidInputError(`ids[${bad}]`, { vi: 'Mã thông báo không hợp lệ', en: 'Not a notification id' });
    const [, changed]: [unknown, number] = await this.db.query(
      `UPDATE notify.notification SET read_at = now() WHERE user_id = $1 AND read_at IS NULL AND ($2 OR id = ANY($3::uuid[]))`,
      [me, all === true, ids ?? []],
    );
    if (changed) await this.announce([me]);
    return changed;
  }

  /** Each kind the caller can be told of, with their choice per channel (on unless they turned it off). */
  async preferences(ctx: RequestContext): Promise<NotificationPreference[]> {
    const rows: { kind: string; in_app: boolean; email: boolean }[] = await this.db.query(
      `SELECT kind, in_app, email FROM notify.notification_preference WHERE user_id = $1`,
      [ctx.requireUser().id],
    );
    const chosen = new Map(rows.map((r) => [r.kind, r]));
    return kindsFor(ctx.requireUser().role).map((kind) => ({
      kind,
      inApp: chosen.get(kind)?.in_app ?? true,
      email: chosen.get(kind)?.email ?? true,
    }));
  }

  async setPreferences(ctx: RequestContext, list: readonly NotificationPreference[]): Promise<NotificationPreference[]> {
    const me = ctx.requireUser().id;
    const seen = new Set<string>();
    list.forEach((p, i) => {
      if (!NOTIFICATION_KINDS.includes(p.kind))
        throw new InvalidInputError(`preferences[${i}].kind`, { vi: 'Loại thông báo không hợp lệ', en: 'Unknown notification kind' });
      if (seen.has(p.kind))
        throw new InvalidInputError(`preferences[${i}].kind`, { vi: 'Loại thông báo bị lặp', en: 'A kind is given twice' });
      seen.add(p.kind);
    });
    if (list.length)
      await this.db.query(
        `INSERT INTO notify.notification_preference (user_id, kind, in_app, email)
         SELECT $1, * FROM unnest($2::varchar[], $3::boolean[], $4::boolean[])
         ON CONFLICT (user_id, kind) DO UPDATE SET in_app = EXCLUDED.in_app, email = EXCLUDED.email`,
        [me, list.map((p) => p.kind), list.map((p) => p.inApp), list.map((p) => p.email)],
      );
    return this.preferences(ctx);
  }

  /** Tells every city-api replica whose badges changed (after the commit: a badge that refreshes reads the new rows). */
  private async announce(userIds: string[]): Promise<void> {
    if (userIds.length === 0) return;
    const message: NotificationsChanged = { userIds: [...new Set(userIds)] };
    await publishToScreens(this.redis, notificationsChannel(this.config.queuePrefix), message, 'notifications');
  }
}

function encodeCursor(n: { cursorAt: string; id: string }): string {
  return Buffer.from(`${n.cursorAt}|${n.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!at || !id || !UUID.test(id) || Number.isNaN(Date.parse(at)))
    throw new InvalidInputError('after', { vi: 'Con trỏ trang không hợp lệ', en: 'Not a page cursor' });
  return { at, id };
}
