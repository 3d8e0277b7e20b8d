/**
 * The queue dashboard (issue 16, part 6): bull-board on city-api at /admin/queues, reached through the web gateway,
 * for the city's administrator only. A page navigation cannot send the token the web app keeps in the page, so the
 * app first posts it to /admin/queues/session, which sets an HttpOnly, SameSite=Strict cookie for the dashboard's
 * path; every dashboard request checks that cookie's account now. Anyone else gets 401 or 403 with no queue data.
 * In Chromium the administrator opens it from the menu and sees the queues, a dead letter among them, under the
 * dashboard's own Content-Security-Policy with no violation.
 */
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';

import { QUEUE_NAMES } from '../libs/messaging/src/queues.js';
import { tokenFor } from './support/graphql.js';
import { cspViolations, openPage, screenshot, signIn, startWebStack, type WebStack } from './support/web.js';

let stack: WebStack;

beforeAll(async () => {
  stack = await startWebStack('queue_dashboard');
}, 120_000);

afterAll(async () => {
  await stack?.close();
}, 60_000);

const dashboard = (path = '/', headers: Record<string, string> = {}) => fetch(`${stack.url}/admin/queues${path}`, { headers });
const cookieOf = (token: string) => ({ cookie: `council_queues=${encodeURIComponent(token)}` });
const session = (token?: string) =>
  fetch(`${stack.url}/admin/queues/session`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} });

/** No queue's name, count or job in what a refused caller receives. */
async function expectRefused(res: Response, status: number): Promise<void> {
  expect(res.status).toBe(status);
  const body = await res.text();
  for (const name of QUEUE_NAMES) expect(body).not.toContain(name);
  expect(JSON.parse(body)).toMatchObject({ code: status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN' });
}

describe('who may open the queue dashboard', () => {
  it('refuses an anonymous caller: the page, its API, its files', async () => {
    for (const path of ['/', '/api/queues', '/queue/to-city']) await expectRefused(await dashboard(path), 401);
    await expectRefused(await session(), 401);
    await expectRefused(await dashboard('/api/queues', cookieOf('not-a-token')), 401);
  });

  it('refuses the viewer, city staff and district staff, with or without a cookie', async () => {
    for (const user of ['viewer', 'city', 'd001']) {
      const token = await tokenFor(stack.city.graphql, user);
      const res = await session(token);
      expect(res.headers.get('set-cookie')).toBeNull();
      await expectRefused(res, 403);
      // A cookie made by hand with their token opens nothing either.
      await expectRefused(await dashboard('/api/queues', cookieOf(token)), 403);
      await expectRefused(await dashboard('/', cookieOf(token)), 403);
    }
  });

  it('gives the city administrator a cookie for the dashboard only, which opens the queues', async () => {
    const res = await session(await tokenFor(stack.city.graphql, 'admin'));
    expect(res.status).toBe(204);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^council_queues=[^;]+;/);
    expect(cookie).toMatch(/; Path=\/admin\/queues(;|$)/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(Number(/Max-Age=(\d+)/.exec(cookie)?.[1])).toBeLessThanOrEqual(15 * 60);

    const headers = { cookie: cookie.split(';')[0] };
    const api = await dashboard('/api/queues', headers);
    expect(api.status).toBe(200);
    const { queues } = (await api.json()) as { queues: { name: string }[] };
    expect(queues.map((q) => q.name).sort()).toEqual([...QUEUE_NAMES].sort());
    const page = await dashboard('/', headers);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
    // No third party: the template's Google Fonts link is taken out.
    expect(await page.text()).not.toContain('fonts.googleapis.com');
  });
});

describe('in the browser', () => {
  it('the administrator opens it from the menu and sees the queues and a dead letter, with no CSP violation', async () => {
    // A job no handler takes, with one attempt: the worker fails it for good (a dead letter of to-city).
    const toCity = stack.city.app.get<Queue>(getQueueToken('to-city'), { strict: false });
    await toCity.add('NoSuchJob', {}, { attempts: 1 });

    const watch = await openPage(stack, { pageClock: false });
    try {
      const { page } = watch;
      await page.goto(`${stack.url}/`);
      await signIn(page, 'admin');
      await page.getByRole('menuitem', { name: 'Hàng đợi' }).click();
      await page.waitForURL('**/admin/queues/');
      for (const name of QUEUE_NAMES) await page.getByText(name, { exact: true }).first().waitFor();
      await page
        .getByRole('link', { name: /to-city/ })
        .first()
        .click();
      await page.waitForURL('**/admin/queues/queue/to-city**');
      await page.getByText('NoSuchJob').first().waitFor({ timeout: 30_000 });
      // Its error, as the worker recorded it.
      await page.getByText('no handler for job NoSuchJob').first().waitFor();
      await screenshot(page, 'queue-dashboard');
      expect(await cspViolations(page)).toEqual([]);
      expect(watch.problems()).toEqual([]);
    } finally {
      await watch.context.close();
    }
  });
});
