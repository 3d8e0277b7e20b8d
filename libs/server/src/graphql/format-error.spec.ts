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
});
