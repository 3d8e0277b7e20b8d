import { timingSafeEqual } from 'node:crypto';

/** Whether an Authorization header carries the operator's token (compared in constant time). */
export function isOperator(authorization: string | undefined, operatorToken: string): boolean {
  const given = Buffer.from(authorization ?? '');
  const expected = Buffer.from(`Bearer ${operatorToken}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
