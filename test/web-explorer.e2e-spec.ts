/**
 * The API explorer (GraphiQL bundled into the web app) in Chromium against the real platform (test/support/web.ts):
 * city staff open it from the menu with every request to anything but the gateway aborted and introspection refused
 * (as in production), run `me` on city-api and on district-api with their own token, read city-api's documentation,
 * and the editor's workers come from the page's own origin.
 */
import type { Page } from 'playwright-core';

import {
  cspViolations,
  openPage,
  RAW_ERROR_TEXT,
  screenshot,
  seriousA11yViolations,
  signIn,
  startWebStack,
  type WebStack,
} from './support/web.js';

let stack: WebStack;

beforeAll(async () => {
  stack = await startWebStack('web_explorer');
}, 120_000);

afterAll(async () => {
  await stack?.close();
}, 60_000);

const QUERY = '{ me { username role } }';

/** Monaco draws spaces as no-break spaces. */
const shown = async (page: Page, selector: string) => (await page.locator(selector).innerText()).replace(/\u00a0/g, ' ');

/** Types a query into GraphiQL's editor (Monaco) in place of what it holds, runs it, and returns the answer pane's text. */
async function run(page: Page, query: string): Promise<string> {
  const editor = page.locator('.graphiql-query-editor .monaco-editor');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(query);
  // Monaco closes the first brace itself, after the cursor: drop whatever follows what was typed.
  await page.keyboard.press('ControlOrMeta+Shift+End');
  await page.keyboard.press('Delete');
  await page.getByRole('button', { name: /Execute query/ }).click();
  const response = page.locator('.graphiql-response .view-lines');
  await response
    .filter({ hasText: '"data"' })
    .or(response.filter({ hasText: '"errors"' }))
    .waitFor();
  return shown(page, '.graphiql-response .view-lines');
}

describe('integrators explore the APIs in the browser', () => {
  it('run `me` on both APIs with their own token, with nothing loaded from outside the gateway', async () => {
    const watch = await openPage(stack, { pageClock: false }); // GraphiQL's animations break on fake timers
    const { page, context } = watch;
    // A closed network: anything not addressed to the gateway is aborted, and noted.
    const outside: string[] = [];
    const gateway = new URL(stack.url).host;
    // And introspection refused, as the APIs refuse it in production: the editor must know each schema without it.
    const introspections: string[] = [];
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.host !== gateway) {
        outside.push(url.href);
        return route.abort();
      }
      if (route.request().method() === 'POST' && /__schema/.test(route.request().postData() ?? '')) {
        introspections.push(url.pathname);
        const refused = { message: 'GraphQL introspection is not allowed', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
        return route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ errors: [refused] }) });
      }
      return route.continue();
    });
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.goto(`${stack.url}/`);
    await signIn(page, 'city');
    const menuItem = page.getByRole('menuitem', { name: 'Khám phá API' });
    await menuItem.waitFor();
    // From here on (signed in), what each request to the APIs carries.
    const authorizations: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/') && r.method() === 'POST') authorizations.push(r.headers().authorization ?? '');
    });
    await menuItem.click();
    // City staff land on city-api.
    await page.waitForURL('**/explorer/city');
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor();

    const cityAnswer = await run(page, QUERY);
    expect(cityAnswer).toMatch(/"username": "city"/);
    expect(cityAnswer).toMatch(/"role": "CITY_STAFF"/);
    expect(await shown(page, '.graphiql-query-editor .view-lines')).toBe(QUERY);
    // The schema is the bundled schema file, not introspection: the documentation pane knows city-api's own fields.
    await page.getByRole('button', { name: /Show Documentation Explorer/ }).click();
    await page.locator('.graphiql-doc-explorer').getByText('Query', { exact: true }).first().click();
    await page.locator('.graphiql-doc-explorer').getByText('statistics', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: /Hide Documentation Explorer/ }).click();
    await screenshot(page, 'explorer-graphiql');

    // The switch: district-api, its own editor, the same person.
    await page.getByText('district-api', { exact: false }).click();
    await page.waitForURL('**/explorer/district');
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor();
    const districtAnswer = await run(page, QUERY);
    expect(districtAnswer).toMatch(/"username": "city"/);

    // Every request to the APIs carried the session's token; the editor's workers are files of the gateway's own.
    expect(authorizations.length).toBeGreaterThan(0);
    expect(authorizations.every((a) => /^Bearer \S+$/.test(a))).toBe(true);
    expect(workers.length).toBeGreaterThan(0);
    expect(workers.filter((w) => !w.startsWith(`${stack.url}/assets/`))).toEqual([]);
    expect(outside).toEqual([]);
    expect(introspections).toEqual([]);

    expect(await cspViolations(page)).toEqual([]);
    expect(watch.problems()).toEqual([]);
    expect(await page.locator('body').innerText()).not.toMatch(RAW_ERROR_TEXT);
    // axe on everything but one finding in GraphiQL's own markup, which the app cannot change: each editor tab is a
    // role="tab" element holding its title button and its close button (nested-interactive). The rest of GraphiQL
    // (its logo's contrast included, replaced above) and the page around it must pass.
    const a11y = await seriousA11yViolations(page);
    expect(a11y.filter((v) => !/^nested-interactive .*— \.graphiql-tab$/.test(v))).toEqual([]);
    await context.close();
  }, 120_000);

  it('is not in a viewer’s menu', async () => {
    const watch = await openPage(stack, { pageClock: false }); // GraphiQL's animations break on fake timers
    const { page } = watch;
    await page.goto(`${stack.url}/`);
    await signIn(page, 'viewer');
    await page.getByRole('menuitem', { name: 'Thống kê' }).waitFor();
    expect(await page.getByRole('menuitem', { name: 'Khám phá API' }).count()).toBe(0);
    await watch.context.close();
  }, 60_000);

  it('replaces the APIs’ own GraphiQL page, which loaded its code from a CDN', async () => {
    for (const api of [stack.city, stack.district]) {
      const res = await fetch(api.graphql, { headers: { accept: 'text/html' } });
      expect(await res.text()).not.toMatch(/graphiql|unpkg|<script/i);
    }
  });
});
