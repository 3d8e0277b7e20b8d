import {
  ConflictError,
  DomainError,
  ERROR_CODES,
  ForbiddenError,
  InvalidInputError,
  isDomainError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
} from './errors.js';

describe('domain errors', () => {
  it('map each kind to the GraphQL code clients switch on', () => {
    expect(ERROR_CODES).toEqual({
      UNAUTHENTICATED: 'UNAUTHENTICATED',
      FORBIDDEN: 'FORBIDDEN',
      INVALID_INPUT: 'BAD_USER_INPUT',
      NOT_FOUND: 'NOT_FOUND',
      CONFLICT: 'CONFLICT',
      RATE_LIMITED: 'TOO_MANY_REQUESTS',
      PERIOD_CLOSED: 'PERIOD_CLOSED',
    });
  });

  it('carry the Vietnamese message as the message, English beside it, and their class name', () => {
    const e = new NotFoundError({ vi: 'Không tìm thấy báo cáo', en: 'Report not found' }, { id: 'r1' });
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toBe('Không tìm thấy báo cáo');
    expect(e.messageEn).toBe('Report not found');
    expect(e.kind).toBe('NOT_FOUND');
    expect(e.name).toBe('NotFoundError');
    expect(e.details).toEqual({ id: 'r1' });
    expect(new NotFoundError({ vi: 'a', en: 'b' }).details).toEqual({});
  });

  it('default the sign-in and permission messages', () => {
    const u = new UnauthenticatedError();
    expect([u.kind, u.name, u.message, u.messageEn]).toEqual([
      'UNAUTHENTICATED',
      'UnauthenticatedError',
      'Chưa đăng nhập hoặc phiên đăng nhập đã hết hạn',
      'Not signed in, or the session has expired',
    ]);
    expect(u.details).toEqual({});
    const f = new ForbiddenError();
    expect([f.kind, f.name, f.message, f.messageEn]).toEqual([
      'FORBIDDEN',
      'ForbiddenError',
      'Không có quyền thực hiện thao tác này',
      'Not allowed',
    ]);
    expect(f.details).toEqual({});
    const g = new ForbiddenError({ vi: 'Ngoài phạm vi', en: 'Out of scope' }, { unitCode: '009' });
    expect([g.message, g.messageEn, g.details]).toEqual(['Ngoài phạm vi', 'Out of scope', { unitCode: '009' }]);
    expect(new UnauthenticatedError({ vi: 'Mã thông báo sai', en: 'Bad token' }).messageEn).toBe('Bad token');
  });

  it('name the field at fault of invalid input, also in the details clients read', () => {
    const e = new InvalidInputError('input.values[2].value', { vi: 'Giá trị âm', en: 'Negative value' }, { rules: ['R1'] });
    expect(e.kind).toBe('INVALID_INPUT');
    expect(e.field).toBe('input.values[2].value');
    expect(e.details).toEqual({ field: 'input.values[2].value', rules: ['R1'] });
    expect(new InvalidInputError('x', { vi: 'a', en: 'b' }).details).toEqual({ field: 'x' });
  });

  it('report conflicts with their details', () => {
    const e = new ConflictError({ vi: 'Báo cáo đã được nộp', en: 'Already submitted' }, { status: 'SUBMITTED' });
    expect([e.kind, e.name, e.message, e.messageEn, e.details]).toEqual([
      'CONFLICT',
      'ConflictError',
      'Báo cáo đã được nộp',
      'Already submitted',
      { status: 'SUBMITTED' },
    ]);
    expect(new ConflictError({ vi: 'a', en: 'b' }).details).toEqual({});
  });

  it('tell a rate-limited user when to try again, in both languages and in the details', () => {
    const e = new RateLimitedError(42);
    expect(e.kind).toBe('RATE_LIMITED');
    expect(e.message).toBe('Đăng nhập sai quá nhiều lần, vui lòng thử lại sau 42 giây');
    expect(e.messageEn).toBe('Too many failed sign-in attempts; try again in 42 seconds');
    expect(e.details).toEqual({ retryAfterSeconds: 42 });
  });

  it('are told apart from other errors', () => {
    expect(isDomainError(new ConflictError({ vi: 'a', en: 'b' }))).toBe(true);
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(isDomainError({ kind: 'CONFLICT', message: 'x' })).toBe(false);
    expect(isDomainError(undefined)).toBe(false);
    expect(new RateLimitedError(1)).toBeInstanceOf(DomainError);
  });
});
