import { parseDayOffsets } from './notification-kinds.js';
import { Role } from './roles.js';

/**
 * Configuration from the environment, validated once at boot. Pure: the caller
 * passes the environment, so tests can check every rule without touching
 * process.env. Problems are collected, not thrown one at a time, so an operator
 * fixes them all in one go.
 */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
/** `json`: one JSON object a line (production, log collectors); `pretty`: one short line for a person. */
export type LogFormat = 'json' | 'pretty';

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  production: boolean;
  /** District side (reports, assignments) and city side (statistics, directives) may live apart. */
  databaseUrl: string;
  districtDatabaseUrl: string;
  cityDatabaseUrl: string;
  /** Connections per app and side. */
  dbPoolSize: number;
  redisUrl: string;
  queuePrefix: string;
  ports: { web: number; cityApi: number; districtApi: number; syncWorker: number };
  jwtSecret: string;
  /** Sessions: a short-lived access token, renewed with a rotating refresh token (libs/auth). */
  tokens: { accessTtlSeconds: number; refreshTtlSeconds: number; reuseGraceSeconds: number; userCacheSeconds: number };
  /** Browser origins the APIs answer across origins (CORS); the web app's own address by default. */
  corsOrigins: string[];
  /** Which proxies' X-Forwarded-For the APIs believe (Express's `trust proxy`): the client's address for sign-in limits. */
  trustProxy: string;
  /** Bearer token that unlocks /health's details (queues, outbox, reconciliation) for operators and their probes. */
  operatorToken: string;
  seedPassword: string;
  /** Which reference units `prepare` loads when not told on its command line. */
  seedUnits: 'hanoi' | 'vietnam';
  login: { maxFailures: number; windowSeconds: number };
  graphql: {
    maxDepth: number;
    maxAliases: number;
    maxTokens: number;
    /** Rows a query may be estimated to return, by the caller's role (query-cost.ts); anyone signed out: the smallest. */
    budgets: Record<Role, number>;
    /** The largest answer sent; a larger one is refused whole. */
    maxResponseBytes: number;
  };
  /** PostgreSQL's statement_timeout for the APIs' connections (the worker and the CLI have none). */
  apiStatementTimeoutMs: number;
  logLevel: LogLevel;
  logFormat: LogFormat;
  /** The sync-worker's scheduled jobs. */
  schedules: { reconcileEveryMs: number; reconcileGraceMs: number; overdueEveryMs: number };
  /** Reminders and the mail channel of notifications (libs/notifications). */
  notifications: {
    reminderEveryMs: number;
    /** Days before a quarter's due date a unit that has not filed is reminded (largest first). */
    daysBefore: number[];
    /** Days after the due date a missing report is reported to the unit and the level above. */
    daysAfter: number[];
    /** Units a reminder run writes per transaction. */
    reminderBatchUnits: number;
    /** null: no mail channel. */
    smtpUrl: string | null;
    mailFrom: string;
    mailEveryMs: number;
    /** The longest wait between two attempts at a mail the server refused. */
    mailRetryMaxSeconds: number;
    /** How often account locks in the audit log are told to administrators. */
    alertEveryMs: number;
  };
}

export const DEV_JWT_SECRET = 'council-dev-secret-do-not-use-in-production';
export const DEV_SEED_PASSWORD = 'council-dev';
export const DEV_OPERATOR_TOKEN = 'council-dev-operator-token';
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/council';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface ConfigVariable {
  name: string;
  /** The default as a person reads it (README). */
  default: string;
  note: string;
}

/**
 * Every environment variable the apps and their CLIs read, the one list: loadConfig reads only these (its readers take
 * a `ConfigVariableName`), and the README's Configuration table is generated from it and checked by
 * libs/core/src/config-readme.spec.ts. COUNCIL_HOME alone is read outside loadConfig (projectRoot()), before any
 * configuration, to find the project's files.
 */
export const CONFIG_VARIABLES = [
  {
    name: 'NODE_ENV',
    default: 'development',
    note: '`production`: no introspection (the API explorer then has no schema to help with), no field suggestions, default secrets refused; `test`: quieter logs',
  },
  { name: 'DATABASE_URL', default: DEFAULT_DATABASE_URL, note: 'PostgreSQL 15+; production refuses a URL without a real password' },
  { name: 'DISTRICT_DATABASE_URL', default: '`DATABASE_URL`', note: 'the district side (reports, outbox) when it lives apart' },
  { name: 'CITY_DATABASE_URL', default: '`DATABASE_URL`', note: 'the city side (inbox, facts, rollups, directives) when it lives apart' },
  { name: 'DB_POOL_SIZE', default: '20', note: 'PostgreSQL connections per app and side' },
  { name: 'REDIS_URL', default: DEFAULT_REDIS_URL, note: 'Redis needs `maxmemory-policy noeviction` (warned at start)' },
  {
    name: 'QUEUE_PREFIX',
    default: 'council',
    note: 'keeps test runs and benches apart from a running platform (letters, digits, `-`, `_`)',
  },
  { name: 'WEB_PORT', default: '3000', note: 'the web gateway: the pages and both APIs behind one address (`npm start` prints it)' },
  { name: 'CITY_API_PORT', default: '3001', note: 'city-api' },
  { name: 'DISTRICT_API_PORT', default: '3002', note: 'district-api' },
  { name: 'SYNC_WORKER_PORT', default: '3003', note: "sync-worker's /health" },
  { name: 'JWT_SECRET', default: 'development default', note: 'production refuses to start without a real one (≥ 32 characters)' },
  {
    name: 'ACCESS_TOKEN_TTL_SECONDS',
    default: '900',
    note: 'how long an access token lasts (15 minutes); the web app renews it with its refresh token without asking',
  },
  {
    name: 'REFRESH_TOKEN_TTL_SECONDS',
    default: '43200',
    note: 'how long a sign-in lasts at most (12 hours: a working day with its evening sessions, then sign in again); each use rotates it',
  },
  {
    name: 'REFRESH_REUSE_GRACE_SECONDS',
    default: '10',
    note: 'a used refresh token presented again this soon renews once more (a renewal cut off by a reload) instead of ending the sign-in as stolen',
  },
  {
    name: 'USER_CACHE_SECONDS',
    default: '30',
    note: 'how long an API trusts its copy of an account without hearing of a change (changes are announced over Redis at once); `0`: read it on every request',
  },
  {
    name: 'CORS_ORIGINS',
    default: '`http://127.0.0.1:WEB_PORT,http://localhost:WEB_PORT`',
    note: 'comma-separated browser origins the APIs answer across origins; no other origin, `null` included, gets CORS headers',
  },
  {
    name: 'TRUST_PROXY',
    default: 'loopback',
    note: "proxies whose X-Forwarded-For names the client (Express `trust proxy`: `loopback`, `uniquelocal`, addresses, or a hop count); the gateway runs on the same host, compose's nginx on a private network",
  },
  {
    name: 'OPERATOR_TOKEN',
    default: 'development default',
    note: "bearer token for /health's details (anonymous callers get up or down only); production requires a real one (≥ 24 characters)",
  },
  {
    name: 'SEED_PASSWORD',
    default: DEV_SEED_PASSWORD,
    note: 'development users only; they are never created in production, and production refuses to start if any exist',
  },
  { name: 'SEED_UNITS', default: 'hanoi', note: '`vietnam`: `prepare` loads all 63 provinces (national-scale tests and benches)' },
  {
    name: 'LOGIN_MAX_FAILURES',
    default: '5',
    note: 'failed sign-ins per user name and address (×10 per address, ×20 per account from everywhere) before each further one doubles the wait',
  },
  { name: 'LOGIN_WINDOW_SECONDS', default: '900', note: 'the window those failures are counted in' },
  { name: 'GRAPHQL_MAX_DEPTH', default: '10', note: 'deeper queries are refused before execution' },
  { name: 'GRAPHQL_MAX_ALIASES', default: '15', note: 'more aliases are refused before execution' },
  {
    name: 'GRAPHQL_BUDGET_VIEWER',
    default: '2000',
    note: "rows a VIEWER's (or a signed-out caller's) query may be estimated to return; more is refused before execution (`BAD_USER_INPUT`, naming the field to narrow)",
  },
  { name: 'GRAPHQL_BUDGET_WARD', default: '10000', note: 'the same for WARD_STAFF' },
  { name: 'GRAPHQL_BUDGET_DISTRICT', default: '20000', note: 'the same for DISTRICT_STAFF' },
  { name: 'GRAPHQL_BUDGET_CITY', default: '50000', note: 'the same for CITY_STAFF and CITY_ADMIN' },
  {
    name: 'GRAPHQL_MAX_RESPONSE_BYTES',
    default: '5000000',
    note: 'a larger answer is refused whole (`BAD_USER_INPUT`), never sent in part',
  },
  {
    name: 'API_STATEMENT_TIMEOUT_MS',
    default: '10000',
    note: "PostgreSQL `statement_timeout` of the APIs' connections: a longer statement is cancelled and the query refused (`BAD_USER_INPUT`)",
  },
  { name: 'GRAPHQL_MAX_TOKENS', default: '2000', note: 'longer documents are refused before parsing' },
  { name: 'LOG_LEVEL', default: '`log` (`warn` when `NODE_ENV=test`)', note: `one of ${LOG_LEVELS.join(', ')}` },
  {
    name: 'LOG_FORMAT',
    default: '`json` in production, else `pretty`',
    note: '`json`: one JSON object a line with its `requestId` (for jq and log collectors); `pretty`: a short line a person reads',
  },
  { name: 'RECONCILE_EVERY_MS', default: '60000', note: "how often the worker checks the city's figures against the district's" },
  { name: 'RECONCILE_GRACE_MS', default: '120000', note: 'how long a report may be in flight before reconciliation calls it lost' },
  {
    name: 'COUNCIL_HOME',
    default: 'found upward from the working directory',
    note: 'the folder holding `data/` and `package.json` (an image sets it)',
  },
  { name: 'OVERDUE_EVERY_MS', default: '60000', note: 'how often assignments past their due day are marked overdue' },
  {
    name: 'ALERT_EVERY_MS',
    default: '15000',
    note: 'how often the worker tells administrators of accounts locked by sign-in guesses (each lock once)',
  },
  {
    name: 'REMINDER_EVERY_MS',
    default: '3600000',
    note: 'how often the worker looks for reports due soon or missing (each reminder is sent once whatever the runs)',
  },
  {
    name: 'REMINDER_DAYS_BEFORE',
    default: '7,3,1',
    note: 'days before a quarter’s due date a council that has not filed is reminded (empty: never)',
  },
  {
    name: 'REMINDER_DAYS_AFTER',
    default: '1,7',
    note: 'days after the due date a missing report is notified to the council and the level above (empty: never)',
  },
  { name: 'REMINDER_BATCH_UNITS', default: '100', note: 'councils a reminder run writes per transaction' },
  {
    name: 'SMTP_URL',
    default: 'unset',
    note: 'e.g. `smtps://user:password@mail.example.vn:465`: notifications are also mailed to users with an address; unset: no mail',
  },
  { name: 'MAIL_FROM', default: '`HĐND <no-reply@localhost>`', note: 'the From of notification mails' },
  { name: 'MAIL_EVERY_MS', default: '5000', note: 'how often the worker sends mail waiting in the outbox' },
  {
    name: 'MAIL_RETRY_MAX_SECONDS',
    default: '300',
    note: 'the longest wait between attempts at a mail the server did not take (the wait doubles from 1 s)',
  },
] as const satisfies readonly ConfigVariable[];

export type ConfigVariableName = (typeof CONFIG_VARIABLES)[number]['name'];

/** The README's Configuration table, from CONFIG_VARIABLES. */
export function configurationTable(): string {
  const rows = CONFIG_VARIABLES.map(
    (v) => `| \`${v.name}\` | ${v.default.includes('`') || v.default.includes(' ') ? v.default : `\`${v.default}\``} | ${v.note} |`,
  );
  return ['| variable | default | note |', '| --- | --- | --- |', ...rows].join('\n');
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cấu hình không hợp lệ / invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env): AppConfig {
  const problems: string[] = [];
  const str = (name: ConfigVariableName, fallback: string) => (env[name] ?? '').trim() || fallback;
  const int = (name: ConfigVariableName, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const oneOf = <T extends string>(name: ConfigVariableName, fallback: T, allowed: readonly T[]): T => {
    const value = str(name, fallback);
    if ((allowed as readonly string[]).includes(value)) return value as T;
    problems.push(`${name}="${value}" must be one of ${allowed.join(', ')}`);
    return fallback;
  };
  const url = (name: ConfigVariableName, fallback: string, protocols: string[]) => {
    const value = str(name, fallback);
    try {
      const u = new URL(value);
      if (!protocols.includes(u.protocol)) problems.push(`${name} must start with ${protocols.map((p) => p + '//').join(' or ')}`);
    } catch {
      problems.push(`${name} is not a URL`);
    }
    return value;
  };

  const days = (name: ConfigVariableName, fallback: string) => {
    try {
      return parseDayOffsets(name, env[name] ?? fallback);
    } catch (e) {
      problems.push((e as Error).message);
      return parseDayOffsets(name, fallback);
    }
  };

  // Stryker disable next-line StringLiteral: equivalent, any value but production or test means development.
  const nodeEnv = str('NODE_ENV', 'development');
  const envName = nodeEnv === 'production' ? 'production' : nodeEnv === 'test' ? 'test' : 'development';
  const production = envName === 'production';

  const databaseUrl = url('DATABASE_URL', DEFAULT_DATABASE_URL, ['postgres:', 'postgresql:']);
  const cityBudget = int('GRAPHQL_BUDGET_CITY', 50_000, 10, 1_000_000_000_000);
  const config: AppConfig = {
    env: envName,
    production,
    databaseUrl,
    districtDatabaseUrl: url('DISTRICT_DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:']),
    cityDatabaseUrl: url('CITY_DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:']),
    dbPoolSize: int('DB_POOL_SIZE', 20, 1, 1000),
    redisUrl: url('REDIS_URL', DEFAULT_REDIS_URL, ['redis:', 'rediss:']),
    queuePrefix: str('QUEUE_PREFIX', 'council'),
    ports: {
      web: int('WEB_PORT', 3000, 0, 65535),
      cityApi: int('CITY_API_PORT', 3001, 0, 65535),
      districtApi: int('DISTRICT_API_PORT', 3002, 0, 65535),
      syncWorker: int('SYNC_WORKER_PORT', 3003, 0, 65535),
    },
    jwtSecret: str('JWT_SECRET', production ? '' : DEV_JWT_SECRET),
    tokens: {
      accessTtlSeconds: int('ACCESS_TOKEN_TTL_SECONDS', 15 * 60, 2, 24 * 3600),
      refreshTtlSeconds: int('REFRESH_TOKEN_TTL_SECONDS', 12 * 3600, 60, 30 * 24 * 3600),
      reuseGraceSeconds: int('REFRESH_REUSE_GRACE_SECONDS', 10, 0, 300),
      userCacheSeconds: int('USER_CACHE_SECONDS', 30, 0, 3600),
    },
    corsOrigins: [],
    trustProxy: str('TRUST_PROXY', 'loopback'),
    operatorToken: str('OPERATOR_TOKEN', production ? '' : DEV_OPERATOR_TOKEN),
    seedPassword: str('SEED_PASSWORD', production ? '' : DEV_SEED_PASSWORD),
    seedUnits: oneOf('SEED_UNITS', 'hanoi', ['hanoi', 'vietnam'] as const),
    login: { maxFailures: int('LOGIN_MAX_FAILURES', 5, 1, 1000), windowSeconds: int('LOGIN_WINDOW_SECONDS', 900, 1, 86400) },
    graphql: {
      maxDepth: int('GRAPHQL_MAX_DEPTH', 10, 2, 100),
      maxAliases: int('GRAPHQL_MAX_ALIASES', 15, 1, 1000),
      maxTokens: int('GRAPHQL_MAX_TOKENS', 2000, 100, 100_000),
      budgets: {
        [Role.VIEWER]: int('GRAPHQL_BUDGET_VIEWER', 2000, 10, 1_000_000_000_000),
        [Role.WARD_STAFF]: int('GRAPHQL_BUDGET_WARD', 10_000, 10, 1_000_000_000_000),
        [Role.DISTRICT_STAFF]: int('GRAPHQL_BUDGET_DISTRICT', 20_000, 10, 1_000_000_000_000),
        [Role.CITY_STAFF]: cityBudget,
        [Role.CITY_ADMIN]: cityBudget,
      },
      maxResponseBytes: int('GRAPHQL_MAX_RESPONSE_BYTES', 5_000_000, 1000, 1_000_000_000),
    },
    apiStatementTimeoutMs: int('API_STATEMENT_TIMEOUT_MS', 10_000, 1, 3_600_000),
    logLevel: oneOf('LOG_LEVEL', envName === 'test' ? 'warn' : 'log', LOG_LEVELS),
    logFormat: oneOf('LOG_FORMAT', production ? 'json' : 'pretty', ['json', 'pretty'] as const),
    schedules: {
      reconcileEveryMs: int('RECONCILE_EVERY_MS', 60_000, 100, 86_400_000),
      reconcileGraceMs: int('RECONCILE_GRACE_MS', 120_000, 0, 86_400_000),
      overdueEveryMs: int('OVERDUE_EVERY_MS', 60_000, 100, 86_400_000),
    },
    notifications: {
      reminderEveryMs: int('REMINDER_EVERY_MS', 3_600_000, 100, 86_400_000),
      daysBefore: days('REMINDER_DAYS_BEFORE', '7,3,1'),
      daysAfter: days('REMINDER_DAYS_AFTER', '1,7'),
      reminderBatchUnits: int('REMINDER_BATCH_UNITS', 100, 1, 10_000),
      smtpUrl: str('SMTP_URL', '') ? url('SMTP_URL', '', ['smtp:', 'smtps:']) : null,
      mailFrom: str('MAIL_FROM', 'HĐND <no-reply@localhost>'),
      mailEveryMs: int('MAIL_EVERY_MS', 5000, 100, 86_400_000),
      mailRetryMaxSeconds: int('MAIL_RETRY_MAX_SECONDS', 300, 1, 86_400),
      alertEveryMs: int('ALERT_EVERY_MS', 15_000, 100, 86_400_000),
    },
  };
  config.corsOrigins = str('CORS_ORIGINS', `http://127.0.0.1:${config.ports.web},http://localhost:${config.ports.web}`)
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of config.corsOrigins) {
    let valid = false;
    try {
      const u = new URL(origin);
      valid = (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === origin;
    } catch {
      /* reported below */
    }
    if (!valid) problems.push(`CORS_ORIGINS: "${origin}" is not an origin (scheme://host[:port], nothing after)`);
  }
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(config.queuePrefix)) problems.push('QUEUE_PREFIX may hold only letters, digits, - and _ (at most 40)');

  if (production) {
    // A default secret in production lets anyone mint tokens; refuse to start instead.
    if (!config.jwtSecret || config.jwtSecret === DEV_JWT_SECRET)
      problems.push('JWT_SECRET must be set in production (not the development default)');
    else if (config.jwtSecret.length < 32) problems.push('JWT_SECRET must be at least 32 characters in production');
    if (!config.operatorToken || config.operatorToken === DEV_OPERATOR_TOKEN)
      problems.push('OPERATOR_TOKEN must be set in production (not the development default)');
    else if (config.operatorToken.length < 24) problems.push('OPERATOR_TOKEN must be at least 24 characters in production');
    if (env.SEED_PASSWORD !== undefined && env.SEED_PASSWORD.trim() === DEV_SEED_PASSWORD)
      problems.push('SEED_PASSWORD must not be the development default in production');
    for (const name of ['DATABASE_URL', 'DISTRICT_DATABASE_URL', 'CITY_DATABASE_URL'] as const) {
      const value =
        name === 'DATABASE_URL'
          ? config.databaseUrl
          : name === 'DISTRICT_DATABASE_URL'
            ? config.districtDatabaseUrl
            : config.cityDatabaseUrl;
      try {
        const u = new URL(value);
        if (!u.password || u.password === 'postgres') problems.push(`${name} must carry a real password in production`);
      } catch {
        /* reported above */
      }
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** A URL safe to print: the password replaced by ***. */
export function redactUrl(value: string): string {
  try {
    const u = new URL(value);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}
