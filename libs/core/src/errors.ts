/**
 * Domain errors. Services throw these; the GraphQL layer maps each kind to an
 * error code (`ERROR_CODES`, exhaustive by type) and never shows anything else.
 * Messages are Vietnamese first (what council staff read), English beside them.
 */
export type DomainErrorKind =
  'UNAUTHENTICATED' | 'FORBIDDEN' | 'INVALID_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'RATE_LIMITED' | 'PERIOD_CLOSED';

export type GraphQLErrorCode =
  'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'TOO_MANY_REQUESTS' | 'PERIOD_CLOSED';

/** `satisfies` makes a new kind without a code a compile error. */
export const ERROR_CODES = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  INVALID_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  PERIOD_CLOSED: 'PERIOD_CLOSED',
} as const satisfies Record<DomainErrorKind, GraphQLErrorCode>;

export interface Bilingual {
  vi: string;
  en: string;
}

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  readonly messageEn: string;
  /** Extra, client-safe details (the field at fault, the rule codes…). */
  readonly details: Record<string, unknown>;

  protected constructor(message: Bilingual, details: Record<string, unknown> = {}) {
    super(message.vi);
    this.name = new.target.name;
    this.messageEn = message.en;
    this.details = details;
  }
}

export class UnauthenticatedError extends DomainError {
  readonly kind = 'UNAUTHENTICATED' as const;
  constructor(
    message: Bilingual = { vi: 'Chưa đăng nhập hoặc phiên đăng nhập đã hết hạn', en: 'Not signed in, or the session has expired' },
  ) {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly kind = 'FORBIDDEN' as const;
  constructor(
    message: Bilingual = { vi: 'Không có quyền thực hiện thao tác này', en: 'Not allowed' },
    details: Record<string, unknown> = {},
  ) {
    super(message, details);
  }
}

/** Bad input: names the field at fault (a dotted path such as `input.values[2].value`). */
export class InvalidInputError extends DomainError {
  readonly kind = 'INVALID_INPUT' as const;
  constructor(
    readonly field: string,
    message: Bilingual,
    details: Record<string, unknown> = {},
  ) {
    super(message, { field, ...details });
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'NOT_FOUND' as const;
  constructor(message: Bilingual, details: Record<string, unknown> = {}) {
    super(message, details);
  }
}

export class ConflictError extends DomainError {
  readonly kind = 'CONFLICT' as const;
  constructor(message: Bilingual, details: Record<string, unknown> = {}) {
    super(message, details);
  }
}

export class RateLimitedError extends DomainError {
  readonly kind = 'RATE_LIMITED' as const;
  constructor(retryAfterSeconds: number) {
    super(
      {
        vi: `Đăng nhập sai quá nhiều lần, vui lòng thử lại sau ${retryAfterSeconds} giây`,
        en: `Too many failed sign-in attempts; try again in ${retryAfterSeconds} seconds`,
      },
      { retryAfterSeconds },
    );
  }
}

/**
 * The quarter is closed (khoá sổ) for the report's scope and no reopening of this report is granted: its own code, so a
 * client can offer "Đề nghị mở lại" rather than a generic conflict. `field` is the period's input field.
 */
export class PeriodClosedError extends DomainError {
  readonly kind = 'PERIOD_CLOSED' as const;
  constructor(
    readonly field: string,
    period: { code: string; vi: string; en: string },
    closed: { closedAt: string; scopeCode: string },
  ) {
    super(
      {
        vi: `${period.vi} đã khoá sổ ngày ${closed.closedAt}: không thể lưu, gửi hay xem xét báo cáo trừ khi được cấp trên cho mở lại`,
        en: `${period.en} was closed on ${closed.closedAt}: the report cannot be saved, submitted or reviewed unless the level above reopens it`,
      },
      { field, period: period.code, scopeCode: closed.scopeCode },
    );
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
