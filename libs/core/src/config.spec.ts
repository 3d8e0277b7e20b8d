import {
  CONFIG_VARIABLES,
  ConfigError,
  configurationTable,
  DEFAULT_DATABASE_URL,
  DEFAULT_REDIS_URL,
  DEV_JWT_SECRET,
  DEV_OPERATOR_TOKEN,
  DEV_SEED_PASSWORD,
  loadConfig,
  redactUrl,
} from './config.js';

/** The problems loadConfig reports for an environment, [] when it accepts it. */
const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
};
const PROD = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://app:s3cret@db/council',
  JWT_SECRET: 'x'.repeat(40),
  OPERATOR_TOKEN: 'o'.repeat(30),
};

describe('loadConfig', () => {
  it('runs on the local defaults in development', () => {
    expect(loadConfig({})).toEqual({
      env: 'development',
      production: false,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/council',
      districtDatabaseUrl: 'postgres://postgres@127.0.0.1:5432/council',
      cityDatabaseUrl: 'postgres://postgres@127.0.0.1:5432/council',
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'council',
      ports: { web: 3000, cityApi: 3001, districtApi: 3002, syncWorker: 3003 },
      jwtSecret: DEV_JWT_SECRET,
      tokens: { accessTtlSeconds: 900, refreshTtlSeconds: 12 * 3600, reuseGraceSeconds: 10, userCacheSeconds: 30 },
      corsOrigins: ['http://127.0.0.1:3000', 'http://localhost:3000'],
      trustProxy: 'loopback',
      operatorToken: DEV_OPERATOR_TOKEN,
      seedPassword: DEV_SEED_PASSWORD,
      login: { maxFailures: 5, windowSeconds: 900 },
      graphql: {
        maxDepth: 10,
        maxAliases: 15,
        maxTokens: 2000,
        budgets: { VIEWER: 2000, WARD_STAFF: 10_000, DISTRICT_STAFF: 20_000, CITY_STAFF: 50_000, CITY_ADMIN: 50_000 },
        maxResponseBytes: 5_000_000,
      },
      apiStatementTimeoutMs: 10_000,
      dbPoolSize: 20,
      seedUnits: 'hanoi',
      logLevel: 'log',
      logFormat: 'pretty',
      schedules: { reconcileEveryMs: 60_000, reconcileGraceMs: 120_000, overdueEveryMs: 60_000 },
      notifications: {
        reminderEveryMs: 3_600_000,
        daysBefore: [7, 3, 1],
        daysAfter: [7, 1],
        reminderBatchUnits: 100,
        smtpUrl: null,
        mailFrom: 'HĐND <no-reply@localhost>',
        mailEveryMs: 5000,
        mailRetryMaxSeconds: 300,
        alertEveryMs: 15_000,
      },
    });
    expect([DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL]).toEqual(['postgres://postgres@127.0.0.1:5432/council', 'redis://127.0.0.1:6379']);
  });

  it('answers CORS for the configured origins only, and says which entry is not an origin', () => {
    expect(loadConfig({ WEB_PORT: '8080' }).corsOrigins).toEqual(['http://127.0.0.1:8080', 'http://localhost:8080']);
    expect(loadConfig({ CORS_ORIGINS: ' https://hdnd.hanoi.gov.vn , http://10.0.0.5:3000' }).corsOrigins).toEqual([
      'https://hdnd.hanoi.gov.vn',
      'http://10.0.0.5:3000',
    ]);
    expect(problems({ CORS_ORIGINS: 'https://hdnd.hanoi.gov.vn/app,*,null' })).toEqual([
      'CORS_ORIGINS: "https://hdnd.hanoi.gov.vn/app" is not an origin (scheme://host[:port], nothing after)',
      'CORS_ORIGINS: "*" is not an origin (scheme://host[:port], nothing after)',
      'CORS_ORIGINS: "null" is not an origin (scheme://host[:port], nothing after)',
    ]);
  });

  it('signs development tokens with a real secret, and seeds the demo users with the password the README gives', () => {
    expect(loadConfig({}).jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({}).seedPassword).toBe('council-dev');
  });

  it('reads every setting from its variable, trimmed; blank means the default', () => {
    const c = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: ' postgresql://a@main/db ',
      DISTRICT_DATABASE_URL: 'postgres://a@district/db',
      CITY_DATABASE_URL: 'postgres://a@city/db',
      REDIS_URL: 'rediss://cache:6380',
      QUEUE_PREFIX: 'council_test-1',
      WEB_PORT: '4000',
      CITY_API_PORT: '4001',
      DISTRICT_API_PORT: ' 4002 ',
      SYNC_WORKER_PORT: '0',
      JWT_SECRET: 's',
      ACCESS_TOKEN_TTL_SECONDS: '2',
      REFRESH_TOKEN_TTL_SECONDS: '60',
      REFRESH_REUSE_GRACE_SECONDS: '0',
      USER_CACHE_SECONDS: '0',
      CORS_ORIGINS: 'https://hdnd.example',
      TRUST_PROXY: '1',
      OPERATOR_TOKEN: 'op',
      SEED_PASSWORD: 'pw',
      LOGIN_MAX_FAILURES: '1',
      LOGIN_WINDOW_SECONDS: '86400',
      GRAPHQL_MAX_DEPTH: '2',
      GRAPHQL_MAX_ALIASES: '1000',
      GRAPHQL_BUDGET_VIEWER: '10',
      GRAPHQL_BUDGET_WARD: '20',
      GRAPHQL_BUDGET_DISTRICT: '30',
      GRAPHQL_BUDGET_CITY: '40',
      GRAPHQL_MAX_RESPONSE_BYTES: '1000',
      API_STATEMENT_TIMEOUT_MS: '1',
      GRAPHQL_MAX_TOKENS: '100',
      DB_POOL_SIZE: '7',
      SEED_UNITS: ' vietnam ',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
      RECONCILE_EVERY_MS: '250',
      RECONCILE_GRACE_MS: '0',
      OVERDUE_EVERY_MS: '1000',
      REMINDER_EVERY_MS: '100',
      REMINDER_DAYS_BEFORE: '14',
      REMINDER_DAYS_AFTER: '',
      REMINDER_BATCH_UNITS: '1',
      SMTP_URL: ' smtps://u:p@mail.example:465 ',
      MAIL_FROM: 'HĐND <a@b.vn>',
      MAIL_EVERY_MS: '200',
      MAIL_RETRY_MAX_SECONDS: '1',
    });
    expect(c).toEqual({
      env: 'test',
      production: false,
      databaseUrl: 'postgresql://a@main/db',
      districtDatabaseUrl: 'postgres://a@district/db',
      cityDatabaseUrl: 'postgres://a@city/db',
      redisUrl: 'rediss://cache:6380',
      queuePrefix: 'council_test-1',
      ports: { web: 4000, cityApi: 4001, districtApi: 4002, syncWorker: 0 },
      jwtSecret: 's',
      tokens: { accessTtlSeconds: 2, refreshTtlSeconds: 60, reuseGraceSeconds: 0, userCacheSeconds: 0 },
      corsOrigins: ['https://hdnd.example'],
      trustProxy: '1',
      operatorToken: 'op',
      seedPassword: 'pw',
      login: { maxFailures: 1, windowSeconds: 86400 },
      graphql: {
        maxDepth: 2,
        maxAliases: 1000,
        maxTokens: 100,
        budgets: { VIEWER: 10, WARD_STAFF: 20, DISTRICT_STAFF: 30, CITY_STAFF: 40, CITY_ADMIN: 40 },
        maxResponseBytes: 1000,
      },
      apiStatementTimeoutMs: 1,
      dbPoolSize: 7,
      seedUnits: 'vietnam',
      logLevel: 'debug',
      logFormat: 'json',
      schedules: { reconcileEveryMs: 250, reconcileGraceMs: 0, overdueEveryMs: 1000 },
      notifications: {
        reminderEveryMs: 100,
        daysBefore: [14],
        daysAfter: [],
        reminderBatchUnits: 1,
        smtpUrl: 'smtps://u:p@mail.example:465',
        mailFrom: 'HĐND <a@b.vn>',
        mailEveryMs: 200,
        mailRetryMaxSeconds: 1,
        alertEveryMs: 15_000,
      },
    });
    expect(problems({ REMINDER_DAYS_BEFORE: '7,x' })).toEqual([
      'REMINDER_DAYS_BEFORE="7,x" must be whole days from 0 to 366, separated by commas',
    ]);
    expect(problems({ SMTP_URL: 'http://mail.example' })).toEqual(['SMTP_URL must start with smtp:// or smtps://']);
    const blank = loadConfig({ QUEUE_PREFIX: '  ', CITY_API_PORT: ' ', JWT_SECRET: '' });
    expect([blank.queuePrefix, blank.ports.cityApi, blank.jwtSecret]).toEqual(['council', 3001, DEV_JWT_SECRET]);
  });

  it('logs JSON lines in production and short lines for a person elsewhere, unless told', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://a:s3cret@db/council',
      JWT_SECRET: 'x'.repeat(40),
      OPERATOR_TOKEN: 'o'.repeat(30),
    };
    expect([loadConfig(production).logFormat, loadConfig({}).logFormat, loadConfig({ NODE_ENV: 'test' }).logFormat]).toEqual([
      'json',
      'pretty',
      'pretty',
    ]);
    expect([loadConfig({ ...production, LOG_FORMAT: 'pretty' }).logFormat, loadConfig({ LOG_FORMAT: 'json' }).logFormat]).toEqual([
      'pretty',
      'json',
    ]);
  });

  it('logs less under test, and refuses a log level or a unit set it does not know, naming the choices', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).logLevel).toBe('warn');
    expect(
      loadConfig({
        NODE_ENV: 'production',
        LOG_LEVEL: 'error',
        DATABASE_URL: 'postgres://a:s3cret@db/council',
        JWT_SECRET: 'x'.repeat(40),
        OPERATOR_TOKEN: 'o'.repeat(30),
      }).logLevel,
    ).toBe('error');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow('LOG_FORMAT="xml" must be one of json, pretty');
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow('LOG_LEVEL="loud" must be one of fatal, error, warn, log, debug, verbose');
    expect(() => loadConfig({ SEED_UNITS: 'paris' })).toThrow('SEED_UNITS="paris" must be one of hanoi, vietnam');
  });

  it('bounds the pool and the schedules', () => {
    for (const [name, min, max] of [
      ['DB_POOL_SIZE', 1, 1000],
      ['RECONCILE_EVERY_MS', 100, 86_400_000],
      ['RECONCILE_GRACE_MS', 0, 86_400_000],
      ['OVERDUE_EVERY_MS', 100, 86_400_000],
    ] as const) {
      expect(() => loadConfig({ [name]: String(min) })).not.toThrow();
      expect(() => loadConfig({ [name]: String(max) })).not.toThrow();
      expect(() => loadConfig({ [name]: String(min - 1) })).toThrow(`${name}="${min - 1}" must be a whole number from ${min} to ${max}`);
      expect(() => loadConfig({ [name]: String(max + 1) })).toThrow(`${name}="${max + 1}" must be a whole number from ${min} to ${max}`);
    }
  });

  it('reads every numeric variable it lists, naming it when it is wrong', () => {
    const numeric = CONFIG_VARIABLES.filter((v) => /^\d+$/.test(v.default)).map((v) => v.name);
    expect(numeric).toHaveLength(28);
    for (const name of numeric) expect(() => loadConfig({ [name]: 'many' })).toThrow(`${name}="many" must be a whole number`);
  });

  it('lists every variable once, and writes the README table from that list', () => {
    const names = CONFIG_VARIABLES.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    const table = configurationTable().split('\n');
    expect(table.slice(0, 2)).toEqual(['| variable | default | note |', '| --- | --- | --- |']);
    expect(table).toHaveLength(names.length + 2);
    // A plain default is set as code; one that is prose or names a variable stays as written.
    expect(table).toContain(
      '| `QUEUE_PREFIX` | `council` | keeps test runs and benches apart from a running platform (letters, digits, `-`, `_`) |',
    );
    expect(table).toContain('| `JWT_SECRET` | development default | production refuses to start without a real one (≥ 32 characters) |');
    expect(table).toContain('| `DISTRICT_DATABASE_URL` | `DATABASE_URL` | the district side (reports, outbox) when it lives apart |');
  });

  it('lets the district and city databases default to DATABASE_URL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://a@one/db', CITY_DATABASE_URL: 'postgres://a@city/db' });
    expect([c.districtDatabaseUrl, c.cityDatabaseUrl]).toEqual(['postgres://a@one/db', 'postgres://a@city/db']);
  });

  it('treats any NODE_ENV other than production or test as development', () => {
    expect(loadConfig({ NODE_ENV: 'staging' })).toMatchObject({ env: 'development', production: false });
    expect(loadConfig({ NODE_ENV: 'test' })).toMatchObject({ env: 'test', production: false });
    expect(loadConfig(PROD)).toMatchObject({ env: 'production', production: true });
  });

  it('names the variable, the value and the range of a bad number, and keeps the bounds inclusive', () => {
    expect(problems({ CITY_API_PORT: 'abc' })).toEqual(['CITY_API_PORT="abc" must be a whole number from 0 to 65535']);
    expect(problems({ DISTRICT_API_PORT: '65536' })).toEqual(['DISTRICT_API_PORT="65536" must be a whole number from 0 to 65535']);
    expect(problems({ SYNC_WORKER_PORT: '-1' })).toEqual(['SYNC_WORKER_PORT="-1" must be a whole number from 0 to 65535']);
    expect(problems({ CITY_API_PORT: '3001.5' })).toEqual(['CITY_API_PORT="3001.5" must be a whole number from 0 to 65535']);
    expect(problems({ REFRESH_TOKEN_TTL_SECONDS: '59' })).toEqual([
      'REFRESH_TOKEN_TTL_SECONDS="59" must be a whole number from 60 to 2592000',
    ]);
    expect(problems({ REFRESH_TOKEN_TTL_SECONDS: String(30 * 24 * 3600) })).toEqual([]);
    expect(problems({ REFRESH_TOKEN_TTL_SECONDS: String(30 * 24 * 3600 + 1) })).toHaveLength(1);
    expect(problems({ ACCESS_TOKEN_TTL_SECONDS: '1' })).toEqual(['ACCESS_TOKEN_TTL_SECONDS="1" must be a whole number from 2 to 86400']);
    expect(problems({ LOGIN_MAX_FAILURES: '0' })).toEqual(['LOGIN_MAX_FAILURES="0" must be a whole number from 1 to 1000']);
    expect(problems({ LOGIN_MAX_FAILURES: '1000' })).toEqual([]);
    expect(problems({ LOGIN_MAX_FAILURES: '1001' })).toHaveLength(1);
    expect(problems({ LOGIN_WINDOW_SECONDS: '0' })).toEqual(['LOGIN_WINDOW_SECONDS="0" must be a whole number from 1 to 86400']);
    expect(problems({ LOGIN_WINDOW_SECONDS: '86401' })).toHaveLength(1);
    expect(problems({ GRAPHQL_MAX_DEPTH: '1' })).toEqual(['GRAPHQL_MAX_DEPTH="1" must be a whole number from 2 to 100']);
    expect(problems({ GRAPHQL_MAX_DEPTH: '100' })).toEqual([]);
    expect(problems({ GRAPHQL_MAX_DEPTH: '101' })).toHaveLength(1);
    expect(problems({ GRAPHQL_MAX_ALIASES: '0' })).toEqual(['GRAPHQL_MAX_ALIASES="0" must be a whole number from 1 to 1000']);
    expect(problems({ GRAPHQL_MAX_ALIASES: '1001' })).toHaveLength(1);
    expect(problems({ GRAPHQL_BUDGET_VIEWER: '9' })).toEqual(['GRAPHQL_BUDGET_VIEWER="9" must be a whole number from 10 to 1000000000000']);
    expect(problems({ GRAPHQL_BUDGET_CITY: '1000000000001' })).toEqual([
      'GRAPHQL_BUDGET_CITY="1000000000001" must be a whole number from 10 to 1000000000000',
    ]);
    expect(problems({ GRAPHQL_BUDGET_WARD: '1.5', GRAPHQL_BUDGET_DISTRICT: '-1' })).toHaveLength(2);
    expect(problems({ GRAPHQL_MAX_RESPONSE_BYTES: '999' })).toHaveLength(1);
    expect(problems({ API_STATEMENT_TIMEOUT_MS: '0' })).toEqual(['API_STATEMENT_TIMEOUT_MS="0" must be a whole number from 1 to 3600000']);
    expect(problems({ GRAPHQL_MAX_TOKENS: '99' })).toEqual(['GRAPHQL_MAX_TOKENS="99" must be a whole number from 100 to 100000']);
    expect(problems({ GRAPHQL_MAX_TOKENS: '100000' })).toEqual([]);
    expect(problems({ GRAPHQL_MAX_TOKENS: '100001' })).toHaveLength(1);
  });

  it('names the expected schemes of a URL of the wrong kind, and says when it is no URL at all', () => {
    expect(problems({ REDIS_URL: 'http://x' })).toEqual(['REDIS_URL must start with redis:// or rediss://']);
    // The district and city databases default to DATABASE_URL, so they inherit its fault.
    expect(problems({ DATABASE_URL: 'mysql://x/db' })).toEqual([
      'DATABASE_URL must start with postgres:// or postgresql://',
      'DISTRICT_DATABASE_URL must start with postgres:// or postgresql://',
      'CITY_DATABASE_URL must start with postgres:// or postgresql://',
    ]);
    expect(problems({ DISTRICT_DATABASE_URL: 'redis://x' })).toEqual([
      'DISTRICT_DATABASE_URL must start with postgres:// or postgresql://',
    ]);
    expect(problems({ CITY_DATABASE_URL: 'db.local:5432' })).toEqual(['CITY_DATABASE_URL must start with postgres:// or postgresql://']);
    expect(problems({ CITY_DATABASE_URL: 'not a url' })).toEqual(['CITY_DATABASE_URL is not a URL']);
    expect(problems({ REDIS_URL: '//cache' })).toEqual(['REDIS_URL is not a URL']);
  });

  it('keeps queue names to letters, digits, - and _, at most 40', () => {
    const message = 'QUEUE_PREFIX may hold only letters, digits, - and _ (at most 40)';
    expect(problems({ QUEUE_PREFIX: 'a b' })).toEqual([message]);
    expect(problems({ QUEUE_PREFIX: 'council:x' })).toEqual([message]);
    expect(problems({ QUEUE_PREFIX: 'x'.repeat(41) })).toEqual([message]);
    expect(problems({ QUEUE_PREFIX: 'A_z-09'.padEnd(40, 'q') })).toEqual([]);
  });

  it('lists every problem at once, in one error', () => {
    const e = (() => {
      try {
        loadConfig({ CITY_API_PORT: 'abc', REDIS_URL: 'http://x', QUEUE_PREFIX: 'a b' });
      } catch (err) {
        return err as ConfigError;
      }
    })();
    expect(e).toBeInstanceOf(ConfigError);
    expect(e!.name).toBe('ConfigError');
    expect(e!.problems).toEqual([
      'REDIS_URL must start with redis:// or rediss://',
      'CITY_API_PORT="abc" must be a whole number from 0 to 65535',
      'QUEUE_PREFIX may hold only letters, digits, - and _ (at most 40)',
    ]);
    expect(e!.message).toBe(
      'Cấu hình không hợp lệ / invalid configuration:\n' +
        '  - REDIS_URL must start with redis:// or rediss://\n' +
        '  - CITY_API_PORT="abc" must be a whole number from 0 to 65535\n' +
        '  - QUEUE_PREFIX may hold only letters, digits, - and _ (at most 40)',
    );
  });

  describe('in production', () => {
    it('starts with a real secret and database passwords', () => {
      expect(problems(PROD)).toEqual([]);
      const c = loadConfig({ ...PROD, SEED_PASSWORD: 'a-real-one' });
      expect([c.jwtSecret, c.seedPassword]).toEqual(['x'.repeat(40), 'a-real-one']);
      expect(problems({ ...PROD, JWT_SECRET: 'y'.repeat(32) })).toEqual([]);
    });

    it('has no default secret or seed password', () => {
      expect(problems({ NODE_ENV: 'production', DATABASE_URL: PROD.DATABASE_URL })).toEqual([
        'JWT_SECRET must be set in production (not the development default)',
        'OPERATOR_TOKEN must be set in production (not the development default)',
      ]);
      expect(loadConfig(PROD).seedPassword).toBe('');
    });

    it('refuses the development secret, or a short one', () => {
      expect(problems({ ...PROD, JWT_SECRET: DEV_JWT_SECRET })).toEqual([
        'JWT_SECRET must be set in production (not the development default)',
      ]);
      expect(problems({ ...PROD, JWT_SECRET: 'y'.repeat(31) })).toEqual(['JWT_SECRET must be at least 32 characters in production']);
    });

    it('refuses a missing, default or short operator token: /health details would be open to anyone', () => {
      expect(problems({ ...PROD, OPERATOR_TOKEN: '' })).toEqual(['OPERATOR_TOKEN must be set in production (not the development default)']);
      expect(problems({ ...PROD, OPERATOR_TOKEN: DEV_OPERATOR_TOKEN })).toEqual([
        'OPERATOR_TOKEN must be set in production (not the development default)',
      ]);
      expect(problems({ ...PROD, OPERATOR_TOKEN: 'z'.repeat(23) })).toEqual([
        'OPERATOR_TOKEN must be at least 24 characters in production',
      ]);
    });

    it('refuses the development seed password, however padded', () => {
      expect(problems({ ...PROD, SEED_PASSWORD: ` ${DEV_SEED_PASSWORD} ` })).toEqual([
        'SEED_PASSWORD must not be the development default in production',
      ]);
    });

    it('refuses a database URL without a password, or with "postgres", naming which one', () => {
      expect(problems({ ...PROD, DATABASE_URL: 'postgres://postgres@db/council' })).toEqual([
        'DATABASE_URL must carry a real password in production',
        'DISTRICT_DATABASE_URL must carry a real password in production',
        'CITY_DATABASE_URL must carry a real password in production',
      ]);
      expect(problems({ ...PROD, DISTRICT_DATABASE_URL: 'postgres://app:postgres@district/council' })).toEqual([
        'DISTRICT_DATABASE_URL must carry a real password in production',
      ]);
      expect(problems({ ...PROD, CITY_DATABASE_URL: 'postgres://app@city/council' })).toEqual([
        'CITY_DATABASE_URL must carry a real password in production',
      ]);
    });

    it('reports an unparsable database URL once', () => {
      expect(problems({ ...PROD, CITY_DATABASE_URL: 'nonsense' })).toEqual(['CITY_DATABASE_URL is not a URL']);
    });
  });
});

describe('redactUrl', () => {
  it('never prints a password', () => {
    expect(redactUrl('postgres://app:s3cret@db:5432/council')).toBe('postgres://app:***@db:5432/council');
  });
  it('leaves a URL without a password as it is, and hides what it cannot parse', () => {
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactUrl('postgres://app@db/council')).toBe('postgres://app@db/council');
    expect(redactUrl('s3cret@db/council')).toBe('(invalid URL)');
  });
});
