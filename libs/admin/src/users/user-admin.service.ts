import { randomInt } from 'node:crypto';

import { AccountCache, hashPassword, type RequestContext, revokeRefreshTokens, type UserEntity } from '@council/auth';
import {
  type Bilingual,
  ConflictError,
  CouncilLevel,
  emailProblem,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  passwordProblem,
  Permission,
  Role,
  roleUnitLevel,
  roleUnitProblem,
  usernameProblem,
} from '@council/core';
import { hasCouncilOn, HierarchyService, todayInVietnam, unitIdentitySql } from '@council/hierarchy';
import { type AdminAuditAction, AuditService } from '@council/reporting';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import type { CreateUserInput, UpdateUserInput, UserFilterInput } from './user-admin.input.js';

/** What an audit entry and the pages see of an account: never the password or its hash. */
export type UserView = Pick<UserEntity, 'username' | 'displayName' | 'role' | 'unitCode' | 'active' | 'email'>;

const MAX_PAGE = 200;
const MAX_DISPLAY_NAME = 200;
// No 0/O, 1/l/I: a generated password is read off a screen and typed.
const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

const VIEW_COLUMNS = `username, display_name AS "displayName", role, unit_code AS "unitCode", active, email`;

/**
 * User accounts, as the city's administrators keep them: the one writer of `auth.user_account` besides the
 * development seed. Every change runs in one transaction with its audit entry, the account locked while it is read
 * and changed; bad input is refused before anything is written, naming its field.
 */
@Injectable()
export class UserAdminService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hierarchy: HierarchyService,
    private readonly audit: AuditService,
    private readonly accounts: AccountCache,
  ) {}

  async list(
    ctx: RequestContext,
    filter: UserFilterInput | null | undefined,
    offset: number,
    limit: number,
  ): Promise<{ total: number; items: UserView[] }> {
    this.assertAllowed(ctx);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
      throw new InvalidInputError('limit', { vi: `limit phải từ 1 đến ${MAX_PAGE}`, en: `limit must be 1 to ${MAX_PAGE}` });
    if (!Number.isInteger(offset) || offset < 0)
      throw new InvalidInputError('offset', { vi: 'offset không được âm', en: 'offset must not be negative' });
    let units: string[] | null = null;
    if (filter?.unitCode) {
      const unit = await this.hierarchy.requireByCode(filter.unitCode, 'filter.unitCode');
      units = [unit.code, ...(await this.hierarchy.list({ parentCode: unit.code })).map((u) => u.code)];
    }
    const search = filter?.search?.trim()
      ? `%${filter.search
          .trim()
          .toLowerCase()
          .replace(/[\\%_]/g, (c) => `\\${c}`)}%`
      : null;
    const rows: (UserView & { total: string })[] = await this.db.query(
      `SELECT ${VIEW_COLUMNS}, count(*) OVER () AS total FROM auth.user_account
        WHERE ($1::auth.user_role IS NULL OR role = $1)
          AND ($2::varchar[] IS NULL OR unit_code = ANY($2))
          AND ($3::varchar IS NULL OR username LIKE $3 OR lower(display_name) LIKE $3)
          AND ($4::boolean IS NULL OR active = $4)
        ORDER BY username LIMIT $5 OFFSET $6`,
      [filter?.role ?? null, units, search, filter?.active ?? null, limit, offset],
    );
    const total = rows.length
      ? Number(rows[0].total)
      : offset === 0
        ? 0
        : Number(
            (
              await this.db.query(
                `SELECT count(*) AS n FROM auth.user_account WHERE ($1::auth.user_role IS NULL OR role = $1)
                   AND ($2::varchar[] IS NULL OR unit_code = ANY($2))
                   AND ($3::varchar IS NULL OR username LIKE $3 OR lower(display_name) LIKE $3) AND ($4::boolean IS NULL OR active = $4)`,
                [filter?.role ?? null, units, search, filter?.active ?? null],
              )
            )[0].n,
          );
    return { total, items: rows.map(({ total: _total, ...view }) => view) };
  }

  async create(ctx: RequestContext, input: CreateUserInput): Promise<{ user: UserView; generatedPassword: string | null }> {
    this.assertAllowed(ctx);
    const username = input.username.trim().toLowerCase();
    const nameProblem = usernameProblem(username);
    if (nameProblem) throw new InvalidInputError('input.username', nameProblem);
    const displayName = this.displayName(input.displayName, 'input.displayName');
    const unitCode = await this.unitFor(ctx, input.role, input.unitCode, 'input.unitCode');
    const email = this.email(input.email, 'input.email');
    const { password, generated } = this.passwordOf(input.password, username, 'input.password');
    const hash = await hashPassword(password);
    const user = await this.db.transaction(async (tx) => {
      const rows: UserView[] = await tx.query(
        `INSERT INTO auth.user_account (username, password_hash, role, unit_code, display_name, email, unit_id)
         VALUES ($1, $2, $3, $4, $5, $6, ${unitIdentitySql('$4::varchar', '$7::date')})
         ON CONFLICT (username) DO NOTHING RETURNING ${VIEW_COLUMNS}`,
        [username, hash, input.role, unitCode, displayName, email, todayInVietnam()],
      );
      if (!rows[0])
        throw new ConflictError(
          { vi: `Tên đăng nhập “${username}” đã có người dùng`, en: `The user name “${username}” is taken` },
          { field: 'input.username' },
        );
      await this.record(tx, ctx, 'USER_CREATE', null, rows[0]);
      return rows[0];
    });
    return { user, generatedPassword: generated ? password : null };
  }

  async update(ctx: RequestContext, username: string, input: UpdateUserInput): Promise<UserView> {
    this.assertAllowed(ctx);
    const displayName = input.displayName === undefined ? undefined : this.displayName(input.displayName, 'input.displayName');
    const email = input.email === undefined ? undefined : this.email(input.email, 'input.email');
    return this.change(ctx, username, 'USER_UPDATE', async (before) => {
      const role = input.role ?? before.role;
      if (role !== before.role && before.username === ctx.requireUser().username)
        throw new InvalidInputError('input.role', {
          vi: 'Không thể tự đổi vai trò của chính mình',
          en: 'You cannot change your own role',
        });
      // A new role may need another unit; a city role always takes the city.
      const unitCode =
        input.unitCode != null || role !== before.role || roleUnitLevel(role) === CouncilLevel.CITY
          ? await this.unitFor(
              ctx,
              role,
              input.unitCode ?? (roleUnitLevel(role) === roleUnitLevel(before.role) ? before.unitCode : null),
              'input.unitCode',
            )
          : before.unitCode;
      return {
        role,
        unitCode,
        displayName: displayName === undefined ? before.displayName : displayName,
        email: email === undefined ? before.email : email,
      };
    });
  }

  async setActive(ctx: RequestContext, username: string, active: boolean): Promise<UserView> {
    this.assertAllowed(ctx);
    return this.change(ctx, username, active ? 'USER_ENABLE' : 'USER_DISABLE', (before) => {
      if (!active && before.username === ctx.requireUser().username)
        throw new InvalidInputError('active', {
          vi: 'Không thể tự khóa tài khoản của chính mình',
          en: 'You cannot disable your own account',
        });
      // Disabling ends the sign-ins too: re-enabled, the user signs in afresh.
      return Promise.resolve(active ? { active } : { active, endSessions: true as const });
    });
  }

  /** Signs `username` out everywhere: refresh tokens revoked, access tokens refused, open screens closed. */
  async revokeSessions(ctx: RequestContext, username: string): Promise<UserView> {
    this.assertAllowed(ctx);
    return this.change(ctx, username, 'USER_SESSIONS_REVOKE', () => Promise.resolve({ endSessions: true as const }));
  }

  /** A new password (chosen, or generated and returned once); the tokens issued before it stop working. */
  async resetPassword(
    ctx: RequestContext,
    username: string,
    chosen: string | null | undefined,
  ): Promise<{ user: UserView; generatedPassword: string | null }> {
    this.assertAllowed(ctx);
    const name = username.trim().toLowerCase();
    const { password, generated } = this.passwordOf(chosen, name, 'password');
    const hash = await hashPassword(password);
    const user = await this.change(ctx, name, 'USER_PASSWORD_RESET', () =>
      Promise.resolve({ passwordHash: hash, endSessions: true as const }),
    );
    return { user, generatedPassword: generated ? password : null };
  }

  /**
   * One change to one account, in a transaction: lock and read it (NOT_FOUND naming `username`), let `decide` work
   * out the new values from the old (it may refuse), write them and the audit entry with the account before and after.
   * `endSessions`: its tokens issued until now are refused and its refresh tokens revoked. Once committed, every API
   * replica hears of it (AccountCache), and the user's open sockets close when the sessions end or the role or unit changed.
   */
  private async change(
    ctx: RequestContext,
    username: string,
    action: AdminAuditAction,
    decide: (before: UserView) => Promise<Partial<UserView> & { passwordHash?: string; endSessions?: true }>,
  ): Promise<UserView> {
    const name = username.trim().toLowerCase();
    let closeSockets = false;
    const after = await this.db.transaction(async (tx) => {
      const found: UserView[] = await tx.query(`SELECT ${VIEW_COLUMNS} FROM auth.user_account WHERE username = $1 FOR UPDATE`, [name]);
      const before = found[0];
      if (!before) throw new NotFoundError({ vi: `Không có người dùng “${name}”`, en: `No user “${name}”` }, { field: 'username' });
      const next = await decide(before);
      const now = new Date();
      // TypeORM answers an UPDATE … RETURNING with [rows, affected].
      const [rows]: [UserView[], number] = await tx.query(
        `UPDATE auth.user_account SET role = $2, unit_code = $3, display_name = $4, active = $5,
                unit_id = CASE WHEN unit_id IS NULL OR unit_code <> $3::varchar THEN ${unitIdentitySql('$3::varchar', '$10::date')} ELSE unit_id END,
                password_hash = coalesce($6, password_hash),
                tokens_valid_from = CASE WHEN $7 THEN $8::timestamptz ELSE tokens_valid_from END, email = $9, updated_at = now()
          WHERE username = $1 RETURNING ${VIEW_COLUMNS}`,
        [
          name,
          next.role ?? before.role,
          next.unitCode ?? before.unitCode,
          next.displayName === undefined ? before.displayName : next.displayName,
          next.active ?? before.active,
          next.passwordHash ?? null,
          next.endSessions === true,
          // This app's clock, not PostgreSQL's: the token's iat it is compared with comes from this clock.
          now,
          next.email === undefined ? before.email : next.email,
          todayInVietnam(),
        ],
      );
      if (next.endSessions) await revokeRefreshTokens(tx, name, now);
      await this.record(tx, ctx, action, before, rows[0]);
      closeSockets = !!next.endSessions || rows[0].role !== before.role || rows[0].unitCode !== before.unitCode || !rows[0].active;
      return rows[0];
    });
    await this.accounts.changed({ username: after.username, endSessions: closeSockets });
    return after;
  }

  private record(tx: EntityManager, ctx: RequestContext, action: AdminAuditAction, before: UserView | null, after: UserView) {
    return this.audit.record(tx, ctx, {
      action,
      subject: `user:${after.username}`,
      unitCode: after.unitCode,
      changes: { before: before ? { ...before } : null, after: { ...after } },
    });
  }

  private assertAllowed(ctx: RequestContext): void {
    if (!ctx.can(Permission.ManageUsers)) throw new ForbiddenError();
  }

  /** An address to mail notifications to, or null (none given, or emptied). */
  private email(value: string | null | undefined, field: string): string | null {
    const email = value?.trim() ?? '';
    if (!email) return null;
    const problem = emailProblem(email);
    if (problem) throw new InvalidInputError(field, problem);
    return email;
  }

  private displayName(value: string | null | undefined, field: string): string | null {
    const name = value?.trim() ?? '';
    if (name.length > MAX_DISPLAY_NAME)
      throw new InvalidInputError(field, {
        vi: `Tên hiển thị dài tối đa ${MAX_DISPLAY_NAME} ký tự`,
        en: `A display name is at most ${MAX_DISPLAY_NAME} characters`,
      });
    return name || null;
  }

  /**
   * The unit an account with `role` works for: city roles the administrator's own city (no unit to give, or that
   * city's code); district and commune staff a unit of their level that has a council today.
   */
  private async unitFor(ctx: RequestContext, role: Role, unitCode: string | null | undefined, field: string): Promise<string> {
    if (!Object.values(Role).includes(role))
      throw new InvalidInputError(field.replace(/unitCode$/, 'role'), { vi: 'Vai trò không hợp lệ', en: 'Unknown role' });
    const today = todayInVietnam();
    const city = await this.hierarchy.requireByCode(ctx.requireUser().unitCode, field, today);
    const code = unitCode?.trim() || null;
    if (roleUnitLevel(role) === CouncilLevel.CITY && (code === null || code === city.code)) return city.code;
    if (code === null) throw new InvalidInputError(field, this.mismatch(role, { vi: 'chưa chọn đơn vị', en: 'no unit was chosen' }));
    const unit = await this.hierarchy.requireByCode(code, field, today);
    if (unit.rootCode !== city.rootCode)
      throw new InvalidInputError(field, { vi: `${unit.name} không thuộc ${city.name}`, en: `${unit.name} is not in ${city.name}` });
    const problem = roleUnitProblem(role, { level: unit.level, name: unit.name, hasCouncil: hasCouncilOn(unit, today) });
    if (problem) throw new InvalidInputError(field, problem);
    return unit.code;
  }

  private mismatch(role: Role, why: Bilingual): Bilingual {
    const level = roleUnitLevel(role);
    const what: Bilingual =
      level === CouncilLevel.WARD
        ? { vi: 'cần chọn một xã, phường, thị trấn có HĐND', en: 'needs a commune with a council' }
        : { vi: 'cần chọn một quận, huyện, thị xã', en: 'needs a district' };
    return { vi: `Vai trò này ${what.vi}: ${why.vi}`, en: `This role ${what.en}: ${why.en}` };
  }

  private passwordOf(chosen: string | null | undefined, username: string, field: string): { password: string; generated: boolean } {
    if (chosen != null && chosen !== '') {
      const problem = passwordProblem(chosen, username);
      if (problem) throw new InvalidInputError(field, problem);
      return { password: chosen, generated: false };
    }
    for (;;) {
      const password = Array.from({ length: 14 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join('');
      if (!passwordProblem(password, username)) return { password, generated: true };
    }
  }
}
