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
//   3. explorer: --runs times, a new tab opening the statistics explorer's link for 2024 by district (three metrics,
//      the city) until the chart is drawn (the page's 'statistics:chart-drawn' mark, ECharts' 'finished' event, from
//      the navigation's start), beside the page's own StatisticsTable query sent straight to city-api from Node.
//      The demo year is loaded and folded into the city's totals first. The tab's browser profile is signed in
//      and has seen the app before (assets are cached: their names carry a hash), as an office computer has.
// --only explorer (or submit) runs one of the two timed parts.
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
const ONLY = typeof args.only === 'string' ? args.only : null;
const EXPLORER_METRICS = ['sessions.thematic', 'resolutions.issued', 'voter_contacts.meetings'];
const EXPLORER_LINK = `/statistics?pm=year&p=2024&m=${EXPLORER_METRICS.join(',')}&s=01&r=DISTRICT`;
const EXPLORER_VARS = {
  query: { periods: ['2024'], metrics: EXPLORER_METRICS, scope: '01', groupBy: ['UNIT', 'METRIC'], unitLevel: 'DISTRICT' },
};

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

/** Until the worker has folded the demo year into the city's totals: the explorer's own answer stops moving. */
async function demoYearFolded(city, token, log) {
  const document = fs.readFileSync(path.join(ROOT, 'apps/web/src/features/statistics/statistics.city.graphql'), 'utf8');
  let last = -1;
  let still = 0;
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    const res = await postJson(
      city.graphql,
      { query: document, operationName: 'StatisticsTable', variables: EXPLORER_VARS },
      { authorization: `Bearer ${token}` },
    );
    const rows = JSON.parse(res.text).data?.statistics.rows ?? [];
    const total = rows.reduce((n, r) => n + r.value, 0);
    still = total > 0 && total === last ? still + 1 : 0;
    if (still >= 3) return;
    last = total;
    await new Promise((r) => setTimeout(r, 1000));
  }
  log.warn('The demo year did not settle within 3 minutes: the explorer is measured on moving figures.');
}

async function launch(session) {
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
  return browser;
}

async function signInPage(context, url, username) {
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(process.env.SEED_PASSWORD || 'council-dev');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  return page;
}

/** Section 2: a clerk's submission, in the page and straight to district-api. */
async function measureSubmit(session, browser, district, gateway) {
  const { log } = session;
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

  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
  const page = await signInPage(context, `${gateway.url}/reports/${WARD}/2024Q2`, CLERK);
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
  await context.close();
  return { api: stats(api), browser: stats(browserRuns), request: stats(inPage.request), render: stats(inPage.render) };
}

/** Section 3: the statistics explorer's link opened in a new tab until its chart is drawn, and its query alone. */
async function measureExplorer(session, browser, city, gateway) {
  const { log } = session;
  const token = await login(city.graphql, 'city');
  await demoYearFolded(city, token, log);
  const document = fs.readFileSync(path.join(ROOT, 'apps/web/src/features/statistics/statistics.city.graphql'), 'utf8');
  const api = [];
  for (let i = 0; i < RUNS + 3; i++) {
    const t0 = performance.now();
    const res = await postJson(
      city.graphql,
      { query: document, operationName: 'StatisticsTable', variables: EXPLORER_VARS },
      { authorization: `Bearer ${token}` },
    );
    if (i >= 3) api.push(performance.now() - t0);
    if (res.status !== 200 || JSON.parse(res.text).errors) throw new Error(`StatisticsTable: ${res.status} ${res.text.slice(0, 300)}`);
  }

  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
  const first = await signInPage(context, `${gateway.url}${EXPLORER_LINK}`, 'city');
  await first.locator('[data-testid="statistics-chart"] canvas').waitFor();
  await first.close();
  const drawn = [];
  const phases = { data: [], chartAfterData: [] };
  let waterfall = null;
  for (let i = 0; i < RUNS + 3; i++) {
    const page = await context.newPage();
    await page.goto(`${gateway.url}${EXPLORER_LINK}`);
    await page.waitForFunction(() => performance.getEntriesByName('statistics:chart-drawn').length > 0, null, { timeout: 30_000 });
    const t = await page.evaluate((origin) => {
      const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
      const resources = performance
        .getEntriesByType('resource')
        .map((r) => ({ name: r.name.replace(origin, ''), start: r.startTime, end: r.responseEnd }));
      return { drawn: at('statistics:chart-drawn'), data: at('statistics:data'), resources };
    }, gateway.url);
    if (i >= 3) {
      drawn.push(t.drawn);
      phases.data.push(t.data);
      phases.chartAfterData.push(t.drawn - t.data);
      waterfall = t.resources;
    }
    await page.close();
  }
  await context.close();
  if (waterfall)
    log.info(
      `Last run's requests (ms from navigation start):\n${waterfall
        .map((r) => `  ${fmt(r.start).padStart(8)} → ${fmt(r.end).padStart(8)}  ${r.name.slice(0, 90)}`)
        .join('\n')}`,
    );
  return { api: stats(api), drawn: stats(drawn), data: stats(phases.data), chartAfterData: stats(phases.chartAfterData) };
}

runBench('web', async (session) => {
  const { log } = session;
  await session.setup({ demo: true });
  const city = await session.startApp('city-api');
  const district = await session.startApp('district-api');
  await session.startApp('sync-worker');
  const gateway = await session.startApp('gateway', {
    env: { CITY_API_PORT: String(city.port), DISTRICT_API_PORT: String(district.port) },
  });

  const bundle = bundleSizes();
  log.info(`First page: ${bundle.firstKb} KB of JavaScript, gzipped (budget ${FIRST_PAGE_BUDGET_KB} KB).`);

  const browser = await launch(session);
  // The explorer first: the submissions below change the figures it reads.
  const explorer = ONLY === 'submit' ? null : await measureExplorer(session, browser, city, gateway);
  const submit = ONLY === 'explorer' ? null : await measureSubmit(session, browser, district, gateway);

  const row = (label, st, target) => [label, st.n, fmt(st.p50), fmt(st.p95), fmt(st.max), target];
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
        ...(submit
          ? [
              row('submitReport alone (Node → district-api, same document)', submit.api, 'baseline'),
              row('click "Gửi báo cáo" → confirmed (Chromium)', submit.browser, 'p95 < 300 ms'),
              row('  of which: request → answer (in the page)', submit.request, ''),
              row('  of which: answer → confirmed shown (in the page)', submit.render, ''),
            ]
          : []),
        ...(explorer
          ? [
              row('StatisticsTable alone (Node → city-api, same document)', explorer.api, 'baseline'),
              row('explorer link opened → chart drawn (Chromium)', explorer.drawn, 'p95 < 1 s'),
              row('  of which: navigation → figures arrived', explorer.data, ''),
              row('  of which: figures arrived → chart drawn', explorer.chartAfterData, ''),
            ]
          : []),
        ['first page JavaScript', '', `${bundle.firstKb} KB`, '', '', `≤ ${FIRST_PAGE_BUDGET_KB} KB`],
      ],
    ) + '\n',
  );
  writeResults('web', { runs: RUNS, bundle, submit, explorer });
  const pass = bundle.firstKb <= FIRST_PAGE_BUDGET_KB && (!submit || submit.browser.p95 < 300) && (!explorer || explorer.drawn.p95 < 1000);
  log.info(pass ? 'Within the targets.' : 'OUTSIDE a target (see the table).');
  return 0;
});
