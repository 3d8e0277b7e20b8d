#!/usr/bin/env node
// The web app's speed (issue 13): what the first page weighs, and how long a person waits in Chromium.
//
//   node bench/web.mjs [--runs 50]
//
// Builds (tsc + the pages) if needed, prepares a database of its own (bench-<hex> queue prefix), starts city-api,
// district-api, the sync-worker and the gateway as `npm start` does, and drives Debian's Chromium:
//   1. bundle: each route's JavaScript, gzipped (its own chunk and what it imports), beside the 300 KB budget of the
//      first page;
//   2. submit: --runs times, from the click on the confirmation's "Gửi báo cáo" to the confirmed state painted, by the
//      page's clock (and, for reference, as Playwright sees it), beside the same submitReport sent straight to
//      district-api from Node (the baseline: what the server alone costs);
//   3. explorer: --runs times, a new tab opening the statistics explorer's link for 2024 by district (three metrics,
//      the city) until the chart is drawn (the page's 'statistics:chart-drawn' mark, ECharts' 'finished' event, from
//      the navigation's start), beside the page's own StatisticsTable query sent straight to city-api from Node.
//      The demo year is loaded and folded into the city's totals first. The tab's browser profile is signed in
//      and has seen the app before (assets are cached: their names carry a hash), as an office computer has.
// --only explorer (or submit) runs one of the two timed parts. --compare <dir>: the explorer's openings and the
// submissions alternate with the same ones on another build of the pages (a copy of dist/web made at another commit),
// on the same APIs, so a change is measured against its baseline under the same load (a shared machine's load moves
// by the minute). --trace N: after the explorer's timed runs, N more
// under Chromium's performance trace (not timed: tracing slows the page), written to bench/results/web-explorer-*.json
// (open them in DevTools' Performance panel) and summed up: where the page's main thread spent the wait (see
// bench/lib/trace-summary.mjs; build with WEB_SOURCEMAP=1 for the JavaScript by package).
// Prints a table and writes bench/results/web.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { chromium } from 'playwright-core';

import { postJson } from './lib/http-client.mjs';
import { percentile } from './lib/stats.mjs';
import { gitInfo, intArg, login, parseArgs, ROOT, runBench, table, writeResults } from './lib/sync-harness.mjs';
import { loadSourceMaps, summarizeTrace, TRACE_CATEGORIES } from './lib/trace-summary.mjs';

const args = parseArgs();
const RUNS = intArg(args, 'runs', 50);
const FIRST_PAGE_BUDGET_KB = 300;
const WARD = '00457';
const CLERK = `w${WARD}`;
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ONLY = typeof args.only === 'string' ? args.only : null;
const COMPARE = typeof args.compare === 'string' ? args.compare : null;
const TRACES = args.trace === undefined ? 0 : intArg(args, 'trace', 3, 0);
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

/**
 * Run in the page before each timed click: what the clerk sees, measured by the page's own clock. From the click event
 * on the confirmation's button (its timeStamp) to the first frame painted with the confirmed state (the frame after
 * the element appears). Playwright's own figure also holds its checks before the click (the button scrolled into view
 * and still for two frames) and its round trips to the browser, which no clerk waits for.
 */
/* global window, document, MutationObserver, requestAnimationFrame -- run in the page (page.evaluate) */
function watchClickToConfirmed() {
  window.__benchSeen = null;
  let clickedAt = null;
  document.addEventListener('click', (e) => (clickedAt = e.timeStamp), { capture: true, once: true });
  const observer = new MutationObserver(() => {
    if (clickedAt === null || !document.querySelector('[data-testid="submit-confirmed"]')) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => (window.__benchSeen = performance.now() - clickedAt)));
  });
  observer.observe(document.body, { childList: true, subtree: true });
}

/**
 * --compare: this build and the other one, each behind a gateway of its own in this process (the same code as
 * apps/gateway), so neither is served differently; without it, this build behind the gateway app.
 */
async function buildsToMeasure(session, { city, district, gateway }) {
  if (!COMPARE) return [{ label: 'this build', url: gateway.url }];
  const serve = (dir) => inProcessGateway(session, dir, { city, district });
  return [
    { label: 'this build', url: await serve(path.join(ROOT, 'dist', 'web')) },
    { label: `compare (${COMPARE})`, url: await serve(path.resolve(COMPARE)) },
  ];
}

/** One timed submission on a signed-in form: the clerk's wait by the page's clock, Playwright's, and the in-page marks. */
async function submitOnce(page, value, log) {
  const field = page.locator('#metric-sessions-regular');
  await field.fill(String(value));
  await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
  const confirm = page.getByRole('dialog').getByRole('button', { name: 'Gửi báo cáo' });
  // The dialog's opening animation is not part of the wait: a trial click returns once the button is still.
  await confirm.click({ trial: true });
  await page.evaluate(watchClickToConfirmed);
  const t0 = performance.now();
  await confirm.click();
  await page
    .getByTestId('submit-confirmed')
    .waitFor({ timeout: 15_000 })
    .catch(async (e) => {
      await page.screenshot({ path: path.join(ROOT, 'bench', 'results', 'web-failure.png') });
      log.error(`${page.url()}: no confirmed state`);
      throw e;
    });
  const browser = performance.now() - t0;
  const marks = await page.evaluate(() => {
    const at = (name) => performance.getEntriesByName(name).at(-1)?.startTime ?? NaN;
    return { request: at('submit:answered') - at('submit:start'), render: at('submit:confirmed') - at('submit:answered') };
  });
  const seen = await page.waitForFunction(() => window.__benchSeen, null, { timeout: 5_000 }).then((h) => h.jsonValue());
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  return { browser, seen, ...marks };
}

/** Section 2: a clerk's submission, in the page and straight to district-api; with --compare, alternating with another build's. */
async function measureSubmit(session, browser, apis) {
  const { log } = session;
  const { district } = apis;
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

  // Each build in a browser context of its own (its own session and storage); both file the same report, so both
  // forms carry the same growing version history.
  const builds = await buildsToMeasure(session, apis);
  for (const build of builds) {
    build.context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    build.page = await signInPage(build.context, `${build.url}/reports/${WARD}/2024Q2`, CLERK);
    await build.page.locator('#metric-sessions-regular').waitFor();
    build.runs = { browser: [], seen: [], request: [], render: [] };
  }
  for (let i = 0; i < RUNS + 3; i++) {
    for (const build of i % 2 ? [...builds].reverse() : builds) {
      const run = await submitOnce(build.page, 1 + (i % 7), log);
      // the first runs warm the page's code paths
      if (i >= 3) for (const [k, v] of Object.entries(run)) build.runs[k].push(v);
    }
  }
  for (const build of builds) await build.context.close();
  const figures = ({ runs }) => ({
    browser: stats(runs.browser),
    seen: stats(runs.seen),
    request: stats(runs.request),
    render: stats(runs.render),
  });
  const [own, other] = builds;
  return {
    api: stats(api),
    ...figures(own),
    ...(other ? { compare: { build: COMPARE, ...figures(other), ratioP50: stats(own.runs.seen).p50 / stats(other.runs.seen).p50 } } : {}),
  };
}

/** Section 3: the statistics explorer's link opened in a new tab until its chart is drawn, and its query alone. */
async function measureExplorer(session, browser, { city, district, gateway }) {
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

  // --compare: the same openings against another build's pages, one after the other in each run (alternating which
  // goes first), so both see the same load; each build has an origin, a signed-in session and a warm cache of its own.
  const builds = await buildsToMeasure(session, { city, district, gateway });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
  for (const build of builds) {
    const first = await signInPage(context, `${build.url}${EXPLORER_LINK}`, 'city');
    await first.locator('[data-testid="statistics-chart"] canvas').waitFor();
    await first.close();
    Object.assign(build, { drawn: [], data: [], chartAfterData: [], waterfall: null });
  }
  for (let i = 0; i < RUNS + 3; i++) {
    for (const build of i % 2 ? [...builds].reverse() : builds) {
      const page = await context.newPage();
      await page.goto(`${build.url}${EXPLORER_LINK}`);
      await page.waitForFunction(() => performance.getEntriesByName('statistics:chart-drawn').length > 0, null, { timeout: 30_000 });
      const t = await page.evaluate((origin) => {
        const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
        const resources = performance
          .getEntriesByType('resource')
          .map((r) => ({ name: r.name.replace(origin, ''), start: r.startTime, end: r.responseEnd }));
        return { drawn: at('statistics:chart-drawn'), data: at('statistics:data'), resources };
      }, build.url);
      if (i >= 3) {
        build.drawn.push(t.drawn);
        build.data.push(t.data);
        build.chartAfterData.push(t.drawn - t.data);
        build.waterfall = t.resources;
      }
      await page.close();
    }
  }
  if (TRACES) await traceExplorer(browser, context, builds[0].url, log);
  await context.close();
  const [own, other] = builds;
  if (own.waterfall)
    log.info(
      `Last run's requests (ms from navigation start):\n${own.waterfall
        .map((r) => `  ${fmt(r.start).padStart(8)} → ${fmt(r.end).padStart(8)}  ${r.name.slice(0, 90)}`)
        .join('\n')}`,
    );
  const figures = (b) => ({ drawn: stats(b.drawn), data: stats(b.data), chartAfterData: stats(b.chartAfterData) });
  return {
    api: stats(api),
    ...figures(own),
    ...(other
      ? { compare: { build: COMPARE, ...figures(other), ratioP50: own.drawn.length && stats(own.drawn).p50 / stats(other.drawn).p50 } }
      : {}),
  };
}

/** --compare: a build of the pages (dist/web or a copy of it) behind createWebGateway, as apps/gateway serves it. */
async function inProcessGateway(session, webRoot, { city, district }) {
  const { createWebGateway } = await import(path.join(ROOT, 'dist/libs/gateway/src/index.js'));
  const server = createWebGateway({ webRoot, cityApi: new URL(city.url), districtApi: new URL(district.url) });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  session.onCleanup(() => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve))));
  return `http://127.0.0.1:${server.address().port}`;
}

/** --trace: the explorer opened under Chromium's performance trace; each trace saved, their summaries averaged. */
async function traceExplorer(browser, context, origin, log) {
  const maps = loadSourceMaps(path.join(ROOT, 'dist', 'web'));
  const sums = [];
  for (let i = 0; i < TRACES; i++) {
    const page = await context.newPage();
    const file = path.join(ROOT, 'bench', 'results', `web-explorer-trace-${i + 1}.json`);
    await browser.startTracing(page, { path: file, categories: TRACE_CATEGORIES });
    await page.goto(`${origin}${EXPLORER_LINK}`);
    await page.waitForFunction(() => performance.getEntriesByName('statistics:chart-drawn').length > 0, null, { timeout: 30_000 });
    await browser.stopTracing();
    await page.close();
    sums.push(summarizeTrace(JSON.parse(fs.readFileSync(file, 'utf8')), 'statistics:chart-drawn', maps));
  }
  const mean = (key) => {
    const total = new Map();
    for (const s of sums) for (const r of s[key]) total.set(r.what, (total.get(r.what) ?? 0) + r.ms / sums.length);
    return [...total.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15);
  };
  const avg = (f) => Math.round(sums.reduce((n, s) => n + f(s), 0) / sums.length);
  const lines = (key) =>
    mean(key)
      .map(([what, ms]) => `  ${fmt(ms).padStart(8)}  ${what.slice(0, 100)}`)
      .join('\n');
  log.info(
    `Traced ${sums.length} openings (under tracing, slower than timed): navigation → chart drawn ${avg((s) => s.totalMs)} ms, ` +
      `main thread busy ${avg((s) => s.busyMs)} ms.\nSelf time by trace event:\n${lines('events')}\n` +
      `JavaScript by file:\n${lines('files')}\n${maps ? `JavaScript by source:\n${lines('sources')}\n` : ''}` +
      `JavaScript by function:\n${lines('functions')}`,
  );
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

  // The machine is shared: its load (1-minute average, on os.cpus().length cores) before and after, beside the figures.
  const loadAtStart = os.loadavg()[0];
  const bundle = bundleSizes();
  log.info(`First page: ${bundle.firstKb} KB of JavaScript, gzipped (budget ${FIRST_PAGE_BUDGET_KB} KB).`);

  const browser = await launch(session);
  // The explorer first: the submissions below change the figures it reads.
  const explorer = ONLY === 'submit' ? null : await measureExplorer(session, browser, { city, district, gateway });
  const submit = ONLY === 'explorer' ? null : await measureSubmit(session, browser, { city, district, gateway });

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
              row('click "Gửi báo cáo" → confirmed painted (page clock)', submit.seen, 'p95 < 300 ms'),
              row('  the same, seen from Playwright (its checks included)', submit.browser, ''),
              row('  of which: request → answer (in the page)', submit.request, ''),
              row('  of which: answer → confirmed shown (in the page)', submit.render, ''),
              ...(submit.compare
                ? [
                    row(`the same, ${submit.compare.build} (same runs, alternating)`, submit.compare.seen, ''),
                    row('  the same, seen from Playwright (its checks included)', submit.compare.browser, ''),
                    row('  of which: request → answer (in the page)', submit.compare.request, ''),
                    row('  of which: answer → confirmed shown (in the page)', submit.compare.render, ''),
                    ['this build ÷ compared, p50 of confirmed painted', '', submit.compare.ratioP50.toFixed(2), '', '', ''],
                  ]
                : []),
            ]
          : []),
        ...(explorer
          ? [
              row('StatisticsTable alone (Node → city-api, same document)', explorer.api, 'baseline'),
              row('explorer link opened → chart drawn (Chromium)', explorer.drawn, 'p95 < 1 s'),
              row('  of which: navigation → figures arrived', explorer.data, ''),
              row('  of which: figures arrived → chart drawn', explorer.chartAfterData, ''),
              ...(explorer.compare
                ? [
                    row(`the same, ${explorer.compare.build} (same runs, alternating)`, explorer.compare.drawn, ''),
                    row('  of which: navigation → figures arrived', explorer.compare.data, ''),
                    row('  of which: figures arrived → chart drawn', explorer.compare.chartAfterData, ''),
                    ['this build ÷ compared, p50 of chart drawn', '', explorer.compare.ratioP50.toFixed(2), '', '', ''],
                  ]
                : []),
            ]
          : []),
        ['first page JavaScript', '', `${bundle.firstKb} KB`, '', '', `≤ ${FIRST_PAGE_BUDGET_KB} KB`],
      ],
    ) + '\n',
  );
  const load = { cores: os.cpus().length, start: loadAtStart, end: os.loadavg()[0] };
  log.info(`Load average (1 min) ${load.start.toFixed(1)} at the start, ${load.end.toFixed(1)} at the end, on ${load.cores} cores.`);
  writeResults('web', { git: await gitInfo(), load, runs: RUNS, bundle, submit, explorer });
  const pass = bundle.firstKb <= FIRST_PAGE_BUDGET_KB && (!submit || submit.seen.p95 < 300) && (!explorer || explorer.drawn.p95 < 1000);
  log.info(pass ? 'Within the targets.' : 'OUTSIDE a target (see the table).');
  return 0;
});
