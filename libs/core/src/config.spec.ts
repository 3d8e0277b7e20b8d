import { ConfigError, DEV_JWT_SECRET, loadConfig, redactUrl } from './config.js';

describe('loadConfig', () => {
  it('runs on the local defaults in development', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ production: false, databaseUrl: 'postgres://postgres@127.0.0.1:5432/council', redisUrl: 'redis://127.0.0.1:6379', queuePrefix: 'council' });
    expect(c.districtDatabaseUrl).toBe(c.databaseUrl);
    expect(c.ports).toEqual({ cityApi: 3001, districtApi: 3002, syncWorker: 3003 });
  });

  it('refuses production with a default or short secret, the default seed password, or a database without a password', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://app:s3cret@db/council', JWT_SECRET: 'x'.repeat(40), ...env });
        return [];
      } catch (e) {
        return (e as ConfigError).problems;
      }
    };
    expect(problems({})).toEqual([]);
    expect(problems({ JWT_SECRET: DEV_JWT_SECRET }).join()).toMatch(/JWT_SECRET/);
    expect(problems({ JWT_SECRET: 'short' }).join()).toMatch(/32 characters/);
    expect(problems({ SEED_PASSWORD: 'council-dev' }).join()).toMatch(/SEED_PASSWORD/);
    expect(problems({ DATABASE_URL: 'postgres://postgres@db/council' }).join()).toMatch(/DATABASE_URL/);
  });

  it('lists every problem at once', () => {
    expect(() => loadConfig({ CITY_API_PORT: 'abc', REDIS_URL: 'http://x', QUEUE_PREFIX: 'a b' })).toThrow(ConfigError);
    try {
      loadConfig({ CITY_API_PORT: 'abc', REDIS_URL: 'http://x', QUEUE_PREFIX: 'a b' });
    } catch (e) {
      expect((e as ConfigError).problems).toHaveLength(3);
    }
  });

  it('never prints a password', () => {
    expect(redactUrl('postgres://app:s3cret@db:5432/council')).toBe('postgres://app:***@db:5432/council');
  });
});
