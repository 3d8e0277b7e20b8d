// What the pages show of a failed request: the server's own bilingual message and the field it names, never raw
// GraphQL text or a stack. An error without a code we know becomes the generic message.
import type { Bilingual } from '@council/core/errors.js';

import { UI } from './labels';

export interface ShownError {
  code: string;
  /** The input path the server blamed, e.g. "input.values[2].value". */
  field?: string;
  message: Bilingual;
}

interface GraphQLErrorLike {
  message?: unknown;
  extensions?: Record<string, unknown> | null;
}

const KNOWN_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'TOO_MANY_REQUESTS',
  'PERIOD_CLOSED',
]);

/** One server error as the page shows it. */
export function shownError(error: GraphQLErrorLike): ShownError {
  const ext = error.extensions ?? {};
  const code = typeof ext.code === 'string' ? ext.code : 'INTERNAL';
  if (!KNOWN_CODES.has(code) || typeof error.message !== 'string') return { code, message: UI.genericError };
  const field = typeof ext.field === 'string' ? ext.field : undefined;
  const en = typeof ext.messageEn === 'string' ? ext.messageEn : error.message;
  return { code, field, message: { vi: error.message, en } };
}

/** What a form shows of whatever a mutation threw: the server's first error, or the generic message. */
export function firstShownError(error: unknown): ShownError {
  const [first] = graphqlErrorsOf(error);
  return first ? shownError(first) : { code: 'INTERNAL', message: UI.genericError };
}

/** The GraphQL errors inside whatever Apollo threw; a network failure gives none. */
export function graphqlErrorsOf(error: unknown): GraphQLErrorLike[] {
  if (error && typeof error === 'object' && 'errors' in error && Array.isArray((error as { errors: unknown }).errors))
    return (error as { errors: GraphQLErrorLike[] }).errors;
  return [];
}

/** True when the request never got an answer (offline, gateway down): the caller may retry with the same key. */
export function isNetworkFailure(error: unknown): boolean {
  if (graphqlErrorsOf(error).length) return false;
  if (error && typeof error === 'object' && 'statusCode' in error) {
    const status = (error as { statusCode: number }).statusCode;
    return status === 502 || status === 503 || status === 504;
  }
  return error instanceof TypeError || (error instanceof Error && /fetch|network|Failed/i.test(error.message));
}

/**
 * Server field paths name the mutation's input ("input.values[2].value", "values[2].value"); forms key fields by
 * their own names. Strips the "input." head so both read the same.
 */
export function formField(serverField: string | undefined): string | undefined {
  return serverField?.replace(/^input\./, '');
}
