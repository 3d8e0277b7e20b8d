#!/usr/bin/env node
// The web app's speed (issue 13): what the first page weighs, and how long a person waits in Chromium.
//
//   node bench/web.mjs [--runs 50]
//
// Builds (tsc + the pages) if needed, prepares a database of its own (bench-<hex> queue prefix), starts city-api,
// district-api, the sync-worker and the gateway as `npm start` does, and drives Debian's Chromium:
//   1. bundle: each route's JavaScript, gzipped (its own chunk and what it imports), beside the 300 KB budget of the
//      first page;
//   2. submit: --runs times, from the click on the confirmation's "Gửi báo cáo" to the confirmed state, beside the
//      same submitReport sent straight to district-api from Node (the baseline: what the server alone costs);
//   3. explorer (when the statistics page exists): from opening a year by district to the chart drawn, beside the
//      statistics query alone.
// Prints a table and writes bench/results/web.json.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { chromium } from 'playwright-core';

import { postJson } from './lib/http-client.mjs';
import { percentile } from './lib/stats.mjs';
import { intArg, login, parseArgs, ROOT, runBench, table, writeResults } from './lib/sync-harness.mjs';

const args = parseArgs();
const RUNS = intArg(args, 'runs', 50);
const FIRST_PAGE_BUDGET_KB = 300;
const WARD = '00457';
const CLERK = `w${WARD}`;
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const kb = (bytes) => Math.round((bytes / 1024) * 10) / 10;
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), max: s[s.length - 1] };
};
const fmt = (x) => (x === undefined ? '—' : `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`);

/** Each route's JavaScript from Vite's manifest: the entry, then every lazy page with what it imports beyond the entry. */
function bundleSizes() {
  const dist = path.join(ROOT, 'dist', 'web');
  const manifest = JSON.parse(fs.readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8'));
  const gz = new Map();
  const size = (file) => gz.get(file) ?? gz.set(file, gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length).get(file);
  const closure = (key, seen = new Set()) => {
    if (seen.has(key)) return seen;
    seen.add(key);
    for (const dep of manifest[key].imports ?? []) closure(dep, seen);
    return seen;
  };
  const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
  const entryFiles = new Set([...closure(entryKey)].map((k) => manifest[k].file));
  const first = [...entryFiles].reduce((n, f) => n + size(f), 0);
  const rows = [{ route: 'first page (sign-in, entry)', kb: kb(first), own: kb(first) }];
  for (const [key, chunk] of Object.entries(manifest)) {
    if (!chunk.isDynamicEntry) continue;
    const files = [...closure(key)].map((k) => manifest[k].file).filter((f) => !entryFiles.has(f));
    const extra = files.reduce((n, f) => n + size(f), 0);
    rows.push({ route: key.replace(/^src\//, ''), kb: kb(first + extra), own: kb(extra) });
  }
  return { firstKb: kb(first), rows };
}

runBench('web', async (session) => {
  const { log } = session;
  await session.setup();
  const city = await session.startApp('city-api');
  const district = await session.startApp('district-api');
  await session.startApp('sync-worker');
  const gateway = await session.startApp('gateway', {
    env: { CITY_API_PORT: String(city.port), DISTRICT_API_PORT: String(district.port) },
  });

  const bundle = bundleSizes();
  log.info(`First page: ${bundle.firstKb} KB of JavaScript, gzipped (budget ${FIRST_PAGE_BUDGET_KB} KB).`);

  // Baseline: the same submission straight to district-api, no browser.
  const token = await login(district.graphql, CLERK);
  // The page's own document (the mutation and the fields it asks back), straight to district-api.
  const document = fs.readFileSync(path.join(ROOT, 'apps/web/src/features/reports/reports.district.graphql'), 'utf8');
  const api = [];
  for (let i = 0; i < RUNS; i++) {
    const input = { unitCode: WARD, period: '2024Q1', values: [{ metric: 'sessions.regular', value: 1 + (i % 5) }] };
    const t0 = performance.now();
    await postJson(
      district.graphql,
      { query: document, operationName: 'SubmitReport', variables: { input, idempotencyKey: `bench-api-${i}` } },
      { authorization: `Bearer ${token}` },
    );
    api.push(performance.now() - t0);
  }

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  session.onCleanup(() => browser.close());
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' })).newPage();
  await page.goto(`${gateway.url}/reports/${WARD}/2024Q2`);
  await page.getByLabel('Tên đăng nhập').fill(CLERK);
  await page.getByLabel('Mật khẩu').fill(process.env.SEED_PASSWORD || 'council-dev');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const field = page.locator('#metric-sessions-regular');
  await field.waitFor();
  const browserRuns = [];
  const inPage = { request: [], render: [] };
  for (let i = 0; i < RUNS + 3; i++) {
    await field.fill(String(1 + (i % 7)));
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    const confirm = page.getByRole('dialog').getByRole('button', { name: 'Gửi báo cáo' });
    // The dialog's opening animation is not part of the wait: a trial click returns once the button is still.
    await confirm.click({ trial: true });
    const t0 = performance.now();
    await confirm.click();
    await page
      .getByTestId('submit-confirmed')
      .waitFor({ timeout: 15_000 })
      .catch(async (e) => {
        await page.screenshot({ path: path.join(ROOT, 'bench', 'results', 'web-failure.png') });
        log.error(`run ${i}: no confirmed state`);
        throw e;
      });
    const ms = performance.now() - t0;
    const marks = await page.evaluate(() => {
      const at = (name) => performance.getEntriesByName(name).at(-1)?.startTime ?? NaN;
      return { request: at('submit:answered') - at('submit:start'), render: at('submit:confirmed') - at('submit:answered') };
    });
    if (i >= 3) {
      // the first runs warm the page's code paths
      browserRuns.push(ms);
      inPage.request.push(marks.request);
      inPage.render.push(marks.render);
    }
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  }

  const submitApi = stats(api);
  const submitBrowser = stats(browserRuns);
  log.info('');
  process.stdout.write(
    table(
      ['route (JavaScript, gzipped)', 'with the entry', 'its own'],
      bundle.rows.map((r) => [r.route, `${r.kb} KB`, `${r.own} KB`]),
    ) + '\n\n',
  );
  process.stdout.write(
    table(
      ['measure', 'n', 'p50', 'p95', 'max', 'target'],
      [
        [
          'submitReport alone (Node → district-api, same document)',
          submitApi.n,
          fmt(submitApi.p50),
          fmt(submitApi.p95),
          fmt(submitApi.max),
          'baseline',
        ],
        [
          'click "Gửi báo cáo" → confirmed (Chromium)',
          submitBrowser.n,
          fmt(submitBrowser.p50),
          fmt(submitBrowser.p95),
          fmt(submitBrowser.max),
          'p95 < 300 ms',
        ],
        [
          '  of which: request → answer (in the page)',
          inPage.request.length,
          fmt(stats(inPage.request).p50),
          fmt(stats(inPage.request).p95),
          fmt(stats(inPage.request).max),
          '',
        ],
        [
          '  of which: answer → confirmed shown (in the page)',
          inPage.render.length,
          fmt(stats(inPage.render).p50),
          fmt(stats(inPage.render).p95),
          fmt(stats(inPage.render).max),
          '',
        ],
        ['first page JavaScript', '', `${bundle.firstKb} KB`, '', '', `≤ ${FIRST_PAGE_BUDGET_KB} KB`],
      ],
    ) + '\n',
  );
  writeResults('web', {
    runs: RUNS,
    bundle,
    submitApi,
    submitBrowser,
    inPage: { request: stats(inPage.request), render: stats(inPage.render) },
  });
  const pass = bundle.firstKb <= FIRST_PAGE_BUDGET_KB && submitBrowser.p95 < 300;
  log.info(pass ? 'Within the targets.' : 'OUTSIDE a target (see the table).');
  return 0;
});
