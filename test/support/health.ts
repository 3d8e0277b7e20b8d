import { loadConfig } from '@council/core';

/** The header that unlocks /health's details: the processes under test run with the same environment. */
export function operatorHeaders(): Record<string, string> {
  return { authorization: `Bearer ${loadConfig(process.env).operatorToken}` };
}
