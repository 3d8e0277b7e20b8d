// Defaults of the environment contract shared by the apps, the database CLI and the tests.
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const DEFAULTS = Object.freeze({
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/council',
  REDIS_URL: 'redis://127.0.0.1:6379',
  QUEUE_PREFIX: 'council',
  WEB_PORT: '3000',
  CITY_API_PORT: '3001',
  DISTRICT_API_PORT: '3002',
  SYNC_WORKER_PORT: '3003',
  SEED_PASSWORD: 'council-dev',
});

/** process.env with the contract's defaults filled in (empty values count as unset), plus overrides. */
export function platformEnv(overrides = {}) {
  const env = { ...process.env };
  for (const [key, value] of Object.entries(DEFAULTS)) {
    if (!env[key]) env[key] = value;
  }
  // Children write through our stdout: no colour codes in logs and CI output.
  if (!process.stdout.isTTY && env.NO_COLOR === undefined && !env.FORCE_COLOR) env.NO_COLOR = '1';
  return { ...env, ...overrides };
}

export const APPS = Object.freeze([
  { name: 'city-api', portVar: 'CITY_API_PORT', graphql: true, colour: 'cyan' },
  { name: 'district-api', portVar: 'DISTRICT_API_PORT', graphql: true, colour: 'magenta' },
  { name: 'sync-worker', portVar: 'SYNC_WORKER_PORT', graphql: false, colour: 'yellow' },
  // The one address a person opens: the pages, and both APIs behind /api/city and /api/district.
  { name: 'gateway', portVar: 'WEB_PORT', graphql: false, colour: 'green', web: true },
]);

export const appEntry = (name) => path.join('dist', 'apps', name, 'src', 'main.js');
export const DATABASE_CLI = path.join('dist', 'apps', 'database-cli', 'src', 'main.js');

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]', '']);

export function isLocalHost(host) {
  return LOCAL_HOSTS.has(String(host ?? '').toLowerCase()) || String(host).startsWith('/');
}

/** A URL for messages: the password is never printed. */
export function redactUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return String(url).replace(/(\/\/[^:/@]*):[^@/]*@/, '$1:***@');
  }
}
