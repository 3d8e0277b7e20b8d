/**
 * Configuration from the environment, validated once at boot. Pure: the caller
 * passes the environment, so tests can check every rule without touching
 * process.env. Problems are collected, not thrown one at a time, so an operator
 * fixes them all in one go.
 */
export interface AppConfig {
  env: 'development' | 'test' | 'production';
  production: boolean;
  /** District side (reports, assignments) and city side (statistics, directives) may live apart. */
  databaseUrl: string;
  districtDatabaseUrl: string;
  cityDatabaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  ports: { cityApi: number; districtApi: number; syncWorker: number };
  jwtSecret: string;
  jwtTtlSeconds: number;
  seedPassword: string;
  login: { maxFailures: number; windowSeconds: number };
  graphql: { maxDepth: number; maxAliases: number; maxCost: number; maxTokens: number };
}

export const DEV_JWT_SECRET = 'council-dev-secret-do-not-use-in-production';
export const DEV_SEED_PASSWORD = 'council-dev';
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/council';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cấu hình không hợp lệ / invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env): AppConfig {
  const problems: string[] = [];
  const str = (name: string, fallback: string) => (env[name] ?? '').trim() || fallback;
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const url = (name: string, fallback: string, protocols: string[]) => {
    const value = str(name, fallback);
    try {
      const u = new URL(value);
      if (!protocols.includes(u.protocol)) problems.push(`${name} must start with ${protocols.map((p) => p + '//').join(' or ')}`);
    } catch {
      problems.push(`${name} is not a URL`);
    }
    return value;
  };

  // Stryker disable next-line StringLiteral: equivalent, any value but production or test means development.
  const nodeEnv = str('NODE_ENV', 'development');
  const envName = nodeEnv === 'production' ? 'production' : nodeEnv === 'test' ? 'test' : 'development';
  const production = envName === 'production';

  const databaseUrl = url('DATABASE_URL', DEFAULT_DATABASE_URL, ['postgres:', 'postgresql:']);
  const config: AppConfig = {
    env: envName,
    production,
    databaseUrl,
    districtDatabaseUrl: url('DISTRICT_DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:']),
    cityDatabaseUrl: url('CITY_DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:']),
    redisUrl: url('REDIS_URL', DEFAULT_REDIS_URL, ['redis:', 'rediss:']),
    queuePrefix: str('QUEUE_PREFIX', 'council'),
    ports: {
      cityApi: int('CITY_API_PORT', 3001, 0, 65535),
      districtApi: int('DISTRICT_API_PORT', 3002, 0, 65535),
      syncWorker: int('SYNC_WORKER_PORT', 3003, 0, 65535),
    },
    jwtSecret: str('JWT_SECRET', production ? '' : DEV_JWT_SECRET),
    jwtTtlSeconds: int('JWT_TTL_SECONDS', 12 * 3600, 60, 30 * 24 * 3600),
    seedPassword: str('SEED_PASSWORD', production ? '' : DEV_SEED_PASSWORD),
    login: { maxFailures: int('LOGIN_MAX_FAILURES', 5, 1, 1000), windowSeconds: int('LOGIN_WINDOW_SECONDS', 900, 1, 86400) },
    graphql: {
      maxDepth: int('GRAPHQL_MAX_DEPTH', 10, 2, 100),
      maxAliases: int('GRAPHQL_MAX_ALIASES', 15, 1, 1000),
      maxCost: int('GRAPHQL_MAX_COST', 20000, 100, 10_000_000),
      maxTokens: int('GRAPHQL_MAX_TOKENS', 2000, 100, 100_000),
    },
  };
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(config.queuePrefix)) problems.push('QUEUE_PREFIX may hold only letters, digits, - and _ (at most 40)');

  if (production) {
    // A default secret in production lets anyone mint tokens; refuse to start instead.
    if (!config.jwtSecret || config.jwtSecret === DEV_JWT_SECRET) problems.push('JWT_SECRET must be set in production (not the development default)');
    else if (config.jwtSecret.length < 32) problems.push('JWT_SECRET must be at least 32 characters in production');
    if (env.SEED_PASSWORD !== undefined && env.SEED_PASSWORD.trim() === DEV_SEED_PASSWORD) problems.push('SEED_PASSWORD must not be the development default in production');
    for (const name of ['DATABASE_URL', 'DISTRICT_DATABASE_URL', 'CITY_DATABASE_URL'] as const) {
      const value = name === 'DATABASE_URL' ? config.databaseUrl : name === 'DISTRICT_DATABASE_URL' ? config.districtDatabaseUrl : config.cityDatabaseUrl;
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
