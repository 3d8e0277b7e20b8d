import { unwrapResolverError } from '@apollo/server/errors';
import { ERROR_CODES, isDomainError, QueryTimedOutError } from '@council/core';
import { Logger } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** Codes that are safe to show as they are: they describe the request, not the server. */
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  ...Object.values(ERROR_CODES),
]);

const log = new Logger('GraphQL');

/**
 * The one place an error becomes what a client sees. Domain errors map to
 * their code (exhaustively, in core); request errors pass with their code and
 * the field at fault; everything else is logged here and shown as a bare
 * INTERNAL_SERVER_ERROR — never a stack, never SQL.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  let original = unwrapResolverError(error);
  // A refusal raised before execution (the query's cost, the answer's size) carries its domain error without a path.
  if (error instanceof GraphQLError && isDomainError(error.originalError)) original = error.originalError;
  // The SQL logger has already named the statement for the operator.
  if (isStatementTimeout(original)) original = new QueryTimedOutError(formatted.path?.join('.') ?? 'query');
  const where = { ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}) };
  if (isDomainError(original)) {
    return {
      message: original.message,
      ...where,
      extensions: { code: ERROR_CODES[original.kind], messageEn: original.messageEn, ...original.details },
    };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PASS_THROUGH.has(code)) {
    const field = fieldOf(formatted.message);
    return { message: formatted.message, ...where, extensions: { code, ...(field ? { field } : {}) } };
  }
  log.error(original instanceof Error ? (original.stack ?? original.message) : String(original));
  return {
    message: 'Lỗi hệ thống, vui lòng thử lại sau',
    ...where,
    extensions: { code: 'INTERNAL_SERVER_ERROR', messageEn: 'Internal error; please try again later' },
  };
}

/** PostgreSQL cancelled the statement at the connection's statement_timeout (SQLSTATE 57014, query_canceled). */
export function isStatementTimeout(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return e?.code === '57014' && typeof e.message === 'string' && e.message.includes('statement timeout');
}

/**
 * graphql-js names the bad spot in coercion messages:
 * `Variable "$input" got invalid value -1 at "input.values[0].value"; …`.
 */
function fieldOf(message: string): string | undefined {
  const at = /got invalid value .*? at "([^"]+)"/.exec(message)?.[1];
  const variable = /Variable "\$([A-Za-z0-9_]+)"/.exec(message)?.[1];
  // `…; Field "period" of required type "String!" was not provided.` names the missing field inside the value.
  // In an inline literal the field comes qualified by its type: `Field "ReportInput.unitCode" …`.
  const missing = /Field "(?:[A-Za-z0-9_]+\.)?([A-Za-z0-9_]+)" of required type "[^"]+" was not provided/.exec(message)?.[1];
  const base = at ?? variable;
  if (base && missing) return `${base}.${missing}`;
  return base ?? missing;
}
