import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { assertTestEnvironment } from './support/env.js';
import { errorCode, gql } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { expectRefusedStart, runUntilExit } from './support/start-up.js';

/**
 * The production settings, on a real city-api: a database of its own with no
 * development users, a real secret, NODE_ENV=production.
 */
const SECRET = 'a-production-secret-of-more-than-32-characters';
const OPERATOR = 'a-production-operator-token';
let app: RunningApp;
let db: Awaited<ReturnType<typeof isolatedDatabase>>;
const saved = { ...process.env };
/** The run's own test database, which has the development users (read before beforeAll repoints DATABASE_URL). */
const runDatabase = assertTestEnvironment().databaseUrl;

beforeAll(async () => {
  db = await isolatedDatabase('prod', { devUsers: false });
  const url = new URL(db.url);
  url.password = 'not-the-default'; // trust auth here; production insists on a password in the URL
  Object.assign(process.env, { NODE_ENV: 'production', JWT_SECRET: SECRET, OPERATOR_TOKEN: OPERATOR, DATABASE_URL: url.toString() });
  delete process.env.SEED_PASSWORD;
  app = await startApp(CITY_API);
}, 60_000);
afterAll(async () => {
  await app?.close();
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
  await db?.restore();
});

describe('in production', () => {
  it('refuses introspection', async () => {
    const res = await gql(app.graphql, '{ __schema { types { name } } }');
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0].message).toMatch(/introspection/i);
  });

  it('serves no GraphiQL page', async () => {
    const res = await fetch(app.graphql, { headers: { accept: 'text/html' } });
    const body = await res.text();
    expect(body).not.toMatch(/graphiql/i);
  });

  it('suggests no field names to a stranger', async () => {
    const res = await gql(app.graphql, '{ councilUnitz { code } }');
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0].message).not.toMatch(/Did you mean/);
  });

  it('has no development users to sign in as', async () => {
    const res = await gql(app.graphql, 'mutation { login(username: "admin", password: "council-dev") { accessToken } }');
    expect(errorCode(res)).toBe('UNAUTHENTICATED');
  });
});

describe('a production start', () => {
  it('is refused while development users with the published password exist', async () => {
    const url = new URL(runDatabase);
    url.password = 'not-the-default';
    const env = {
      ...saved,
      NODE_ENV: 'production',
      JWT_SECRET: SECRET,
      OPERATOR_TOKEN: OPERATOR,
      DATABASE_URL: url.toString(),
      CITY_API_PORT: '0',
    };
    delete (env as Record<string, string | undefined>).SEED_PASSWORD;
    const outcome = await runUntilExit('dist/apps/city-api/src/main.js', env);
    expectRefusedStart(outcome);
    const { output } = outcome;
    expect(output).toMatch(/development seed users/);
  });
});
