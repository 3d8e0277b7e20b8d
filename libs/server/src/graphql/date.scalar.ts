import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function check(value: unknown): string {
  if (
    typeof value !== 'string' ||
    !ISO_DATE.test(value) ||
    Number.isNaN(Date.parse(value + 'T00:00:00Z')) ||
    new Date(value + 'T00:00:00Z').toISOString().slice(0, 10) !== value
  ) {
    throw new GraphQLError(`Ngày không hợp lệ / invalid date: ${JSON.stringify(value)?.slice(0, 40)} (YYYY-MM-DD)`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return value;
}

/** A calendar date without a time ("2024-04-10"): deadlines are days, not instants. */
export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'Ngày theo lịch / a calendar date, "YYYY-MM-DD"',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : check(value)),
  parseValue: check,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING)
      throw new GraphQLError('Ngày phải là chuỗi "YYYY-MM-DD" / a date must be a string', { extensions: { code: 'BAD_USER_INPUT' } });
    return check(ast.value);
  },
});
