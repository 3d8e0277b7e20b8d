import { loadConfig } from '@council/core';
import { pino } from 'pino';

import { graphqlOperation, logDestination, pinoOptions } from './logging.module.js';
import { prettyLine } from './pretty.js';
import { loggableVariables } from './redaction.js';
import { currentRequestId, requestIdFrom, runWithRequestId } from './request-id.js';

const config = loadConfig({
  NODE_ENV: 'production',
  LOG_LEVEL: 'debug',
  JWT_SECRET: 'jwt-'.repeat(10),
  OPERATOR_TOKEN: 'operator-'.repeat(4),
  DATABASE_URL: 'postgres://council:db-p%40ss@db/council',
});

/** The lines a logger built as the apps build theirs writes for `write`. */
function capture(write: (log: pino.Logger) => void): string {
  let out = '';
  write(
    pino(
      pinoOptions('district-api', config),
      logDestination(config, (t) => (out += t)),
    ),
  );
  return out;
}

describe('request ids', () => {
  it('takes a short id of safe characters from the caller, and makes one up for anything else', () => {
    for (const id of ['abc', 'f47ac10b-58cc-4372-a567-0e02b2c3d479', 'trace:01.2_x', 'a'.repeat(64)]) expect(requestIdFrom(id)).toBe(id);
    for (const bad of [undefined, '', 'a'.repeat(65), 'a b', 'x\ny', '<script>', '-leading', 'bão', 42]) {
      expect(requestIdFrom(bad)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(requestIdFrom(['first', 'second'])).toBe('first');
  });

  it('is current for the work of its request, across awaits, and only there', async () => {
    expect(currentRequestId()).toBeUndefined();
    const seen = await runWithRequestId('r-1', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentRequestId();
    });
    expect([seen, currentRequestId()]).toEqual(['r-1', undefined]);
  });
});

describe('redaction', () => {
  it('hides the authorization header, cookies and secret-named fields of a line', () => {
    const out = capture((log) =>
      log.info({
        headers: { authorization: 'Bearer eyJhbGciOi.payload.signature', cookie: 'sid=abc123', 'user-agent': 'curl' },
        password: 'hunter2-long',
        refreshToken: 'refresh-abc-123',
        accessToken: 'access-abc-123',
        variables: { input: { unitCode: '00460', newPassword: 'hunter3-long' } },
      }),
    );
    expect(JSON.parse(out)).toMatchObject({
      headers: { authorization: '[redacted]', cookie: '[redacted]', 'user-agent': 'curl' },
      password: '[redacted]',
      refreshToken: '[redacted]',
      accessToken: '[redacted]',
      variables: { input: { unitCode: '00460', newPassword: '[redacted]' } },
    });
    for (const secret of ['eyJhbGciOi', 'abc123', 'hunter2', 'hunter3', 'refresh-abc', 'access-abc']) expect(out).not.toContain(secret);
  });

  it('never writes the configured secrets, wherever a line holds them (a message, a stack)', () => {
    const out = capture((log) =>
      log.error(
        { err: new Error(`could not sign with ${config.jwtSecret}`) },
        `token ${config.operatorToken} refused by postgres://council:db-p%40ss@db and db-p@ss`,
      ),
    );
    expect(out).toContain('[redacted]');
    for (const secret of [config.jwtSecret, config.operatorToken, 'db-p%40ss', 'db-p@ss']) expect(out).not.toContain(secret);
  });

  it("shows no variable of an operation that handles a password or a token, whatever the variables' names", () => {
    expect(
      loggableVariables('mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken } }', { u: 'a', p: 'pw' }),
    ).toBe('[redacted]');
    expect(loggableVariables('mutation($t: String!) { refresh(refreshToken: $t) { accessToken } }', { t: 'x' })).toBe('[redacted]');
    expect(
      loggableVariables('mutation($i: NewUser!) { createUser(input: $i) { id } }', {
        i: { username: 'w1', password: 'pw', roles: [{ apiToken: 't' }] },
      }),
    ).toEqual({ i: { username: 'w1', password: '[redacted]', roles: [{ apiToken: '[redacted]' }] } });
    expect(loggableVariables('query($u: String) { report(unitCode: $u) { id } }', { u: '00460' })).toEqual({ u: '00460' });
  });
});

describe('lines', () => {
  it('names a GraphQL operation by its name, or by its first field when it has none', () => {
    expect(graphqlOperation({ operationName: 'Submit', query: 'mutation Other { a }' })).toBe('Submit');
    expect(graphqlOperation({ query: ' mutation Submit($i: ReportInput!) { submitReport(input: $i) { id } }' })).toBe('Submit');
    expect(graphqlOperation({ query: 'mutation($i: ReportInput!) { submitReport(input: $i) { id } }' })).toBe('submitReport');
    expect(graphqlOperation({ query: '{ mine: reports { id } }' })).toBe('reports');
    expect(graphqlOperation(undefined)).toBeUndefined();
  });

  it('reads as a short line for a person in the pretty format, an error with its stack', () => {
    const at = new Date(2026, 11, 6, 14, 3, 7, 412).getTime();
    expect(
      prettyLine(
        JSON.stringify({ level: 30, time: at, pid: 1, app: 'sync-worker', context: 'QueueWorkers', msg: 'applied X', requestId: 'r-1' }),
      ),
    ).toBe('14:03:07.412     LOG [QueueWorkers] applied X  requestId=r-1\n');
    expect(
      prettyLine(JSON.stringify({ level: 50, time: at, msg: 'failed', err: { message: 'boom', stack: 'Error: boom\n    at x' } })),
    ).toBe('14:03:07.412   ERROR failed\nError: boom\n    at x\n');
    const request = {
      level: 30,
      time: at,
      msg: 'POST /graphql Submit → 200 in 9 ms',
      route: '/graphql',
      method: 'POST',
      status: 200,
      durationMs: 9,
    };
    expect(prettyLine(JSON.stringify({ ...request, requestId: 'r-2', user: 'w00460', headers: { a: 1 } }))).toBe(
      '14:03:07.412     LOG POST /graphql Submit → 200 in 9 ms  requestId=r-2 user=w00460\n',
    );
    expect(prettyLine('not json')).toBe('not json\n');
  });
});
