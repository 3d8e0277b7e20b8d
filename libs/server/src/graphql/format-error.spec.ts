import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError, RateLimitedError, UnauthenticatedError } from '@council/core';
import { GraphQLError } from 'graphql';

import { formatGraphQLError } from './format-error.js';

const wrapped = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ['x'] });
const format = (e: Error) => formatGraphQLError(wrapped(e).toJSON(), wrapped(e));

describe('formatGraphQLError', () => {
  it('maps every domain error to its code, Vietnamese message first, English beside', () => {
    const cases: [Error, string][] = [
      [new UnauthenticatedError(), 'UNAUTHENTICATED'],
      [new ForbiddenError(), 'FORBIDDEN'],
      [new InvalidInputError('input.period', { vi: 'Kỳ không hợp lệ', en: 'Bad period' }), 'BAD_USER_INPUT'],
      [new NotFoundError({ vi: 'Không thấy', en: 'Not found' }), 'NOT_FOUND'],
      [new ConflictError({ vi: 'Xung đột', en: 'Conflict' }), 'CONFLICT'],
      [new RateLimitedError(30), 'TOO_MANY_REQUESTS'],
    ];
    for (const [error, code] of cases) {
      const out = format(error);
      expect(out.extensions?.code).toBe(code);
      expect(out.message).toBe(error.message);
      expect(typeof out.extensions?.messageEn).toBe('string');
    }
    expect(format(new InvalidInputError('input.period', { vi: 'x', en: 'y' })).extensions?.field).toBe('input.period');
  });

  it('shows nothing internal for any other error: no message, no SQL, no stack', () => {
    const sql = Object.assign(new Error('duplicate key value violates unique constraint "uq_report_unit_period"'), {
      query: 'INSERT INTO district.report …',
    });
    const out = format(sql);
    expect(out.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', messageEn: expect.any(String) });
    expect(JSON.stringify(out)).not.toMatch(/duplicate|INSERT|district|stack|\.ts:/);
  });

  it('keeps request errors with their code and names the variable path at fault', () => {
    const e = new GraphQLError(
      'Variable "$input" got invalid value -1.5 at "input.values[0].value"; Int cannot represent non-integer value: -1.5',
      { extensions: { code: 'BAD_USER_INPUT' } },
    );
    const out = formatGraphQLError(e.toJSON(), e);
    expect(out.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.values[0].value' });
  });

  it('answers a statement the database cancelled at its timeout as the caller’s to narrow, naming the field, no SQL', () => {
    // What TypeORM's QueryFailedError carries from pg: SQLSTATE 57014 and the server's message.
    const cancelled = Object.assign(new Error('canceling statement due to statement timeout'), {
      code: '57014',
      query: 'SELECT … FROM city.report_fact',
    });
    const e = new GraphQLError(cancelled.message, { originalError: cancelled, path: ['statistics'] });
    const out = formatGraphQLError(e.toJSON(), e);
    expect(out.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'statistics',
      messageEn: expect.stringMatching(/too long.*statistics/),
    });
    expect(out.message).toMatch(/^Truy vấn chạy quá lâu.*statistics/);
    expect(JSON.stringify(out)).not.toMatch(/SELECT|city\.|57014/);
    // The same code for another reason (an operator's pg_cancel_backend) is not the caller's doing.
    const other = Object.assign(new Error('canceling statement due to user request'), { code: '57014' });
    expect(format(other).extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('formats a refusal raised before execution (no path) by its domain error, details included', () => {
    const refusal = new InvalidInputError(
      'statistics.rows',
      { vi: 'Truy vấn quá lớn', en: 'Query too large' },
      { cost: { estimated: 9, limit: 1 } },
    );
    const e = new GraphQLError(refusal.message, { originalError: refusal, extensions: { code: 'BAD_USER_INPUT' } });
    expect(formatGraphQLError(e.toJSON(), e)).toEqual({
      message: 'Truy vấn quá lớn',
      extensions: { code: 'BAD_USER_INPUT', messageEn: 'Query too large', field: 'statistics.rows', cost: { estimated: 9, limit: 1 } },
    });
  });
});
