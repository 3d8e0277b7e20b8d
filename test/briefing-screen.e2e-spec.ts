import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { projectRoot } from '@council/database';
import { createApp } from '@council/server';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { SYNC_WORKER } from '../apps/sync-worker/src/sync-worker.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { CHROMIUM, launchBrowser, newBrowserContext } from './support/browser.js';
import { GraphqlSockets } from './support/browser-sockets.js';
import { eventually } from './support/eventually.js';
import { DEV_PASSWORD, gqlOk, tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { ok, realisticValues, setDeadline, valueList } from './support/reporting.js';
import { BRIEFING_PUSH_SANITY_MS } from './support/sanity-bounds.js';
import { SEED_003_DISTRICTS as DISTRICTS, SEED_003_WARDS as WARDS, seed003Filings } from './support/seed-003.js';

/**
 * The briefing screen in a real browser (Debian's chromium, headless, driven
 * by playwright-core): the viewer signs in, sees seed 003's totals by level,
 * a district files its quarter through district-api and the screen shows the
 * new total without a reload; the sign-in survives a reload; English; the
 * printable page; and when city-api goes away the screen says so plainly,
 * keeps the last figures marked stale, and comes back by itself.
 */

const ARTIFACTS = join(projectRoot(), 'artifacts');
const PERIOD = '2024Q1';
const LOST = 'Mất kết nối với máy chủ — đang thử kết nối lại…';
/** The pill while the screen follows the subscription (common-script.ts: '● ' + t('live')). */
const LIVE = '● Trực tiếp';

// Seed 003 spread over real councils, as in test/sync: cấp huyện 26 kỳ họp chuyên đề và 102 nghị quyết, cấp xã 111 và 202.
const LATE_DISTRICT = '020';
const ALL_DISTRICTS = (
  JSON.parse(readFileSync(join(projectRoot(), 'data', 'hanoi-admin-units.json'), 'utf8')) as { districts: { code: string }[] }
).districts.map((d) => d.code);
/** Quốc Oai and Mỹ Đức are not connected to this quarter's briefing. */
const ABSENT_POINTS = ['275', '282'];
/** Files during the test: Quận Bắc Từ Liêm, not among the above. */
const NEWCOMER = '021';

const SUBMIT = `mutation($i: ReportInput!) { submitReport(input: $i) { id status version } }`;
const ISSUE = `mutation($i: IssueDirectiveInput!) { issueDirective(input: $i) { id } }`;
const CREATE_MEETING = `mutation($input: CreateBriefingMeetingInput!) { createBriefingMeeting(input: $input) { id } }`;
const ATTEND = `mutation($m: ID!, $u: String!, $s: AttendanceStatus!) { recordAttendance(meetingId: $m, unitCode: $u, status: $s) { status } }`;
const CONCLUDE = `mutation($m: ID!, $t: String!) { addConclusion(meetingId: $m, text: $t) { id } }`;
const SUMMARY = `query($p: String!) { briefingSummary(period: $p) { levels { level reported late values { metric { code } value } } directives { total completed } } }`;

function values(level: 'CITY' | 'DISTRICT' | 'WARD', seed: number, thematic: number, resolutions: number) {
  return valueList({ ...realisticValues(level, seed), 'sessions.thematic': thematic, 'resolutions.issued': resolutions });
}

async function sql(text: string, params: unknown[] = []): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** What the functions run inside the page use (this project compiles without the DOM library). */
interface InPage {
  document: { querySelector(selector: string): { textContent: string | null } | null };
  localStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  sameDocument?: boolean;
}

/** What this test reads of a pushed summary: the district level's "reported:thematic:resolutions". */
interface PushedSummary {
  levels: { level: string; reported: number; values: { metric: { code: string }; value: number }[] }[];
}
function districtFigures(s: PushedSummary): string {
  const level = s.levels.find((l) => l.level === 'DISTRICT');
  const value = (code: string) => level?.values.find((v) => v.metric.code === code)?.value;
  return `${level?.reported}:${value('sessions.thematic')}:${value('resolutions.issued')}`;
}

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

let db: Awaited<ReturnType<typeof isolatedDatabase>>;
let city: RunningApp | undefined;
let cityAgain: INestApplication | undefined;
let district: RunningApp;
let worker: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let sockets: GraphqlSockets;
const pageErrors: string[] = [];
const consoleErrors: string[] = [];

/** Normalised text of the first element matching selector ('' when there is none). */
async function textOf(selector: string): Promise<string> {
  return page.evaluate(
    (sel) => ((globalThis as unknown as InPage).document.querySelector(sel)?.textContent ?? '').replace(/\s+/g, ' ').trim(),
    selector,
  );
}

/** Waits (bounded) until the element's text contains text; fails with what it did show. */
async function waitForText(selector: string, text: string, timeout = 10_000): Promise<void> {
  try {
    await page.waitForFunction(
      ([sel, want]) =>
        ((globalThis as unknown as InPage).document.querySelector(sel)?.textContent ?? '').replace(/\s+/g, ' ').includes(want),
      [selector, text] as const,
      { timeout, polling: 100 },
    );
  } catch {
    throw new Error(
      `"${text}" did not appear in ${selector} within ${timeout} ms; it shows: "${await textOf(selector)}"\npage errors: ${pageErrors.join('\n')}\nconsole: ${consoleErrors.join('\n')}`,
    );
  }
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found: install Debian's chromium (sudo apt-get install chromium), or set CHROMIUM_PATH; npm test and .ci/run install it when they can`,
    );
  }
  db = await isolatedDatabase('briefing_screen');
  let cityApp: RunningApp;
  [cityApp, district, worker] = await Promise.all([startApp(CITY_API), startApp(DISTRICT_API), startApp(SYNC_WORKER)]);
  city = cityApp;

  // Seed 003's quarter, filed through district-api. Filed today, every report is after Q1/2024's deadline
  // (10/04/2024): date the filings back to before it (one district after it), and let the deadline decide again.
  const staff = await tokenFor(district.graphql, 'city');
  const seeds = { CITY: 1, DISTRICT: 100, WARD: 1000 };
  const filings = seed003Filings().map((f) => ({
    unitCode: f.unitCode,
    values: values(f.level, seeds[f.level] + f.index, f.thematic, f.resolutions),
  }));
  await Promise.all(filings.map((f) => gqlOk(district.graphql, SUBMIT, { i: { ...f, period: PERIOD } }, staff)));
  await sql(
    `UPDATE district.report SET first_submitted_at = CASE WHEN unit_code = $2 THEN timestamptz '2024-04-15 10:00+07' ELSE timestamptz '2024-04-08 09:00+07' END WHERE period = $1`,
    [PERIOD, LATE_DISTRICT],
  );
  ok(await setDeadline(district.graphql, staff, PERIOD, '2024-04-10'));

  // Last quarter's briefing and the directive concluded there (to every district and its communes; Thanh Xuân
  // has done its part); this quarter's briefing with its agenda, 28 of the 30 connection points present.
  const cityToken = await tokenFor(cityApp.graphql, 'city');
  const previous = await gqlOk(
    cityApp.graphql,
    CREATE_MEETING,
    {
      input: {
        period: '2023Q4',
        title: 'Giao ban Thường trực HĐND thành phố với Thường trực HĐND quận, huyện, thị xã quý IV/2023',
        startsAt: '2024-01-18T01:30:00Z',
      },
    },
    cityToken,
  );
  await gqlOk(
    cityApp.graphql,
    ISSUE,
    {
      i: {
        title: 'Rà soát toàn bộ nhiệm vụ, kết luận chất vấn, giải trình',
        body: 'Đề nghị Thường trực HĐND cấp huyện rà soát lại toàn bộ nhiệm vụ, gắn với thực hiện Chỉ thị số 24-CT/TU.',
        reference: 'Chỉ thị 24-CT/TU',
        cascadeToWards: true,
        dueDate: future(30),
        briefingMeetingId: previous.createBriefingMeeting.id,
      },
    },
    cityToken,
  );
  const meeting = await gqlOk(
    cityApp.graphql,
    CREATE_MEETING,
    {
      input: {
        period: PERIOD,
        title: 'Hội nghị giao ban Thường trực HĐND thành phố với Thường trực HĐND quận, huyện, thị xã quý I/2024',
        startsAt: '2024-04-19T01:30:00Z',
        location: 'Hội trường HĐND thành phố',
        agenda: [
          { title: 'Kết quả hoạt động của HĐND các cấp thành phố quý I/2024' },
          { title: 'Giới thiệu 10 nghị quyết Quốc hội thông qua tại kỳ họp thứ sáu và kỳ họp bất thường lần thứ năm' },
          { title: 'Dự thảo Quy chế phối hợp tiếp nhận, giải quyết, trả lời kiến nghị của cử tri' },
        ],
      },
    },
    cityToken,
  );
  const meetingId = meeting.createBriefingMeeting.id;
  await Promise.all(
    ALL_DISTRICTS.map((u) =>
      gqlOk(cityApp.graphql, ATTEND, { m: meetingId, u, s: ABSENT_POINTS.includes(u) ? 'ABSENT' : 'PRESENT' }, cityToken),
    ),
  );
  await gqlOk(
    cityApp.graphql,
    CONCLUDE,
    { m: meetingId, t: 'HĐND cấp huyện thường xuyên tổ chức giao ban với HĐND xã, thị trấn để rà soát, đánh giá công việc.' },
    cityToken,
  );
  const d009 = await tokenFor(district.graphql, 'd009');
  const mine = await eventually(
    () => gqlOk(district.graphql, `{ assignments(unitCode: "009") { id } }`, {}, d009),
    (d) => d.assignments.length === 1,
    10_000,
  );
  await gqlOk(district.graphql, `mutation($id: ID!) { acknowledgeAssignment(id: $id) { status } }`, { id: mine.assignments[0].id }, d009);
  await gqlOk(
    district.graphql,
    `mutation($id: ID!) { updateAssignment(id: $id, status: COMPLETED, note: "Đã rà soát xong") { status } }`,
    { id: mine.assignments[0].id },
    d009,
  );

  // Everything has reached the city before the browser looks.
  const viewer = await tokenFor(cityApp.graphql, 'viewer');
  const summary = await eventually(
    () => gqlOk(cityApp.graphql, SUMMARY, { p: PERIOD }, viewer),
    (d) =>
      d.briefingSummary.levels.find((l: { level: string }) => l.level === 'WARD')?.reported === WARDS.length &&
      d.briefingSummary.levels.find((l: { level: string }) => l.level === 'DISTRICT')?.late === 1 &&
      d.briefingSummary.directives.total === 434 &&
      d.briefingSummary.directives.completed === 1,
    15_000,
  );
  expect(
    summary.briefingSummary.levels.map((l: { level: string; reported: number; late: number }) => [l.level, l.reported, l.late]),
  ).toEqual([
    ['CITY', 1, 0],
    ['DISTRICT', DISTRICTS.length, 1],
    ['WARD', WARDS.length, 0],
  ]);

  browser = await launchBrowser();
  context = await newBrowserContext(browser, {
    viewport: { width: 1920, height: 1080 },
    deviceScaleFactor: 1,
    locale: 'vi-VN',
    timezoneId: 'Europe/Paris',
  });
  page = await context.newPage();
  sockets = new GraphqlSockets(page);
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  for (const app of [city, cityAgain, district, worker]) await app?.close().catch(() => undefined);
  await db?.restore();
}, 60_000);

describe('the briefing screen in the hall', () => {
  it('serves the pages with a strict policy, and refuses a bad period in plain Vietnamese', async () => {
    const res = await fetch(`${city!.url}/briefing/${PERIOD}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    expect(html).not.toMatch(/kỳ họp chuyên đề|nghị quyết/); // the page carries no data
    const script = await fetch(`${city!.url}/briefing/assets/screen.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${city!.url}/briefing/assets/nothing.js`)).status).toBe(404);

    const bad = await fetch(`${city!.url}/briefing/2024Q5`);
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('Kỳ báo cáo &quot;2024Q5&quot; không hợp lệ');
    expect(text).not.toMatch(/<script/);
  });

  it('asks the viewer to sign in, then shows the totals by level as the articles state them', async () => {
    await page.goto(`${city!.url}/briefing/${PERIOD}`);
    await page.waitForSelector('#signin', { timeout: 10_000 });
    expect(await page.inputValue('#signin-username')).toBe('viewer');
    await page.fill('#signin-password', DEV_PASSWORD);
    await page.click('.signin-button');

    await waitForText('.level-DISTRICT .sentence', '26 kỳ họp chuyên đề, 102 nghị quyết', 15_000);
    expect(await textOf('.level-CITY .sentence')).toBe('1 kỳ họp chuyên đề, 20 nghị quyết');
    expect(await textOf('.level-WARD .sentence')).toBe('111 kỳ họp chuyên đề, 202 nghị quyết');
    expect(await textOf('.level-DISTRICT h2')).toBe('HĐND cấp huyện');
    expect(await textOf('.level-DISTRICT .reported')).toContain('đã báo cáo 20/30');
    expect(await textOf('.level-DISTRICT .reported')).toContain('trong đó 1 gửi muộn');
    expect(await textOf('#briefing-title')).toBe('Giao ban HĐND thành phố Hà Nội — Quý I/2024');
    // followed over the subscription, not by polling
    await waitForText('#connection-state', 'Trực tiếp', 10_000);
    expect(await textOf('#updated-at')).toMatch(/^Cập nhật lúc \d{2}:\d{2}:\d{2}$/);
    expect(await textOf('#as-of')).toMatch(/^Số liệu tính đến \d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}$/);

    // the chart: 30 districts, each with its own report and its communes
    expect(await page.locator('#district-chart .bar-row').count()).toBe(30);
    expect(await page.getAttribute('.bar-row[data-unit="017"]', 'class')).toContain('status-reported');
    expect(await page.getAttribute(`.bar-row[data-unit="${LATE_DISTRICT}"]`, 'class')).toContain('status-late');
    expect(await page.getAttribute(`.bar-row[data-unit="${NEWCOMER}"]`, 'class')).toContain('status-missing');
    expect(await textOf('.bar-row[data-unit="017"] .count')).toMatch(/^\d+\/\d+$/);

    // directives, last quarter's conclusions, this meeting's connection points
    await waitForText('#directives', '1/434', 5_000);
    expect(await textOf('#directives')).toContain('hoàn thành');
    expect(await textOf('#previous-briefing h3')).toBe('Kết luận giao ban Quý IV/2023');
    expect(await textOf('#previous-briefing p')).toBe('0/1 chỉ đạo hoàn thành');
    expect(await textOf('#attendance')).toContain('Điểm cầu: 28/30 có mặt');
    expect(await textOf('#attendance')).toContain('Vắng: Quốc Oai, Mỹ Đức');
    expect(await page.evaluate(() => (globalThis as unknown as InPage).localStorage.getItem('council.briefing.session'))).toContain(
      '"token"',
    );
  });

  it('shows a district’s new report without a reload, pushed over the socket it was already following', async () => {
    await page.evaluate(() => ((globalThis as unknown as InPage).sameDocument = true));
    // The push, not the 5-second poll nor a reconnection's first answer: the new figure must come as a `next` of
    // the very subscription, on the very socket, that the screen was following before the report was filed.
    const live = sockets.current('briefingSummaryUpdated');
    const token = await tokenFor(district.graphql, `d${NEWCOMER}`);
    const since = Date.now();
    await gqlOk(district.graphql, SUBMIT, { i: { unitCode: NEWCOMER, period: PERIOD, values: values('DISTRICT', 7, 2, 5) } }, token);

    const push = await sockets.waitForPush<PushedSummary>(
      'briefingSummaryUpdated',
      (s) => districtFigures(s) === '21:28:107',
      since,
      BRIEFING_PUSH_SANITY_MS,
    );
    expect({ sameSocket: push.socket === live.socket, subscription: push.id, socketClosed: push.socket.isClosed() }).toEqual({
      sameSocket: true,
      subscription: live.id,
      socketClosed: false,
    });
    await waitForText('.level-DISTRICT .sentence', '28 kỳ họp chuyên đề, 107 nghị quyết', 5_000);
    expect(await textOf('#connection-state')).toBe(LIVE);
    expect(await textOf('.level-DISTRICT .reported')).toContain('đã báo cáo 21/30');
    expect(await textOf('.level-DISTRICT .reported')).toContain('trong đó 2 gửi muộn'); // filed today, after 10/04/2024
    expect(await page.getAttribute(`.bar-row[data-unit="${NEWCOMER}"]`, 'class')).toContain('status-late');
    expect(await page.evaluate(() => (globalThis as unknown as InPage).sameDocument)).toBe(true);
    await page.waitForTimeout(3500); // let the highlight of the changed figures fade before the picture
    await page.screenshot({ path: join(ARTIFACTS, 'briefing-screen.png') });
  });

  it('keeps the sign-in across a reload of the projector, and switches to English', async () => {
    await page.reload();
    await waitForText('.level-DISTRICT .sentence', '28 kỳ họp chuyên đề, 107 nghị quyết', 10_000);
    expect(await page.locator('#signin').count()).toBe(0);

    await page.click('button.lang');
    await waitForText('.level-DISTRICT h2', 'District-level councils', 3_000);
    expect(await textOf('.level-DISTRICT .sentence')).toBe('28 thematic sessions, 107 resolutions issued');
    expect(await textOf('#briefing-title')).toContain('Q1 2024');
    expect(page.url()).toMatch(/\?lang=en$/);
    await page.screenshot({ path: join(ARTIFACTS, 'briefing-screen-en.png') });
    await page.click('button.lang');
    await waitForText('.level-DISTRICT h2', 'HĐND cấp huyện', 3_000);

    // The year so far: its quarters together.
    await page.goto(`${city!.url}/briefing/2024`);
    await waitForText('.level-DISTRICT .sentence', '28 kỳ họp chuyên đề, 107 nghị quyết', 10_000);
    expect(await textOf('#briefing-title')).toBe('Giao ban HĐND thành phố Hà Nội — Năm 2024');
    await page.goto(`${city!.url}/briefing/${PERIOD}`);
    await waitForText('#connection-state', 'Trực tiếp', 10_000);
  });

  it('downloads the workbook with the stored sign-in', async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.click('button.excel')]);
    expect(download.suggestedFilename()).toBe(`giao-ban-${PERIOD}.xlsx`);
    const file = await download.path();
    const head = readFileSync(file).subarray(0, 2).toString('latin1');
    expect(head).toBe('PK'); // a zip: an XLSX, not an error page
  });

  it('prints the summary on A4, in Vietnamese', async () => {
    const print = await context.newPage();
    try {
      await print.goto(`${city!.url}/briefing/${PERIOD}/print`);
      await print.waitForSelector('body.ready', { timeout: 10_000 });
      const text = (await print.textContent('#document'))!.replace(/\s+/g, ' ');
      expect(text).toContain('BÁO CÁO SỐ LIỆU GIAO BAN');
      expect(text).toContain('Kỳ báo cáo: Quý I/2024 (so sánh với Quý IV/2023)');
      expect(text).toContain('HĐND cấp huyện: 28 kỳ họp chuyên đề, 107 nghị quyết');
      expect(text).toContain('Quận Thanh Xuân');
      expect(text).toMatch(/Chưa gửi báo cáo: .*Huyện Hoài Đức/);
      expect(text).toContain('Điểm cầu có mặt: 28/30');
      expect(text).toContain('Điểm cầu vắng: Huyện Quốc Oai, Huyện Mỹ Đức.');
      expect(text).toContain('Kết luận hội nghị giao ban Quý IV/2023');
      expect(text).toContain('Chỉ thị 24-CT/TU — Rà soát toàn bộ nhiệm vụ');
      expect(await print.locator('table.figures tbody tr').count()).toBeGreaterThanOrEqual(21); // every metric, and who reported
      expect(await print.locator('table.units tbody tr').count()).toBe(31);
      await print.emulateMedia({ media: 'print' });
      expect(await print.isVisible('.toolbar')).toBe(false);
      await print.emulateMedia({ media: 'screen' });
      await print.screenshot({ path: join(ARTIFACTS, 'briefing-print.png'), fullPage: true });
    } finally {
      await print.close();
    }
  });

  it('asks to sign in again when the server refuses the stored token', async () => {
    const other = await context.newPage();
    try {
      await other.goto(`${city!.url}/briefing/${PERIOD}`);
      await other.evaluate(() => {
        const store = (globalThis as unknown as InPage).localStorage;
        const s = JSON.parse(store.getItem('council.briefing.session')!);
        store.setItem('council.briefing.session', JSON.stringify({ ...s, token: 'x' + s.token.slice(1) }));
      });
      await other.reload();
      await other.waitForSelector('#signin', { timeout: 10_000 });
      expect(await other.textContent('.signin-status')).toContain('Phiên đăng nhập đã hết hạn');
      // signing in again here refreshes the one stored token for every tab
      await other.fill('#signin-password', DEV_PASSWORD);
      await other.click('.signin-button');
      await other.waitForSelector('.level-DISTRICT .sentence', { timeout: 10_000 });
    } finally {
      await other.close();
    }
  });

  it('keeps the figures fresh by polling when only the socket is refused', async () => {
    const other = await context.newPage();
    try {
      await other.routeWebSocket(/\/graphql$/, (ws) => ws.close({ code: 1011, reason: 'refused by the test' }));
      await other.goto(`${city!.url}/briefing/${PERIOD}`);
      await other.waitForFunction(
        () =>
          ((globalThis as unknown as InPage).document.querySelector('#connection-state')?.textContent ?? '').includes('Cập nhật định kỳ'),
        null,
        { timeout: 10_000 },
      );
      expect(await other.isVisible('#connection-banner')).toBe(false);
      expect((await other.textContent('.level-DISTRICT .sentence'))!.replace(/\s+/g, ' ')).toBe('28 kỳ họp chuyên đề, 107 nghị quyết');
    } finally {
      await other.close();
    }
  });

  it('says plainly when the connection is lost, keeps the last figures marked stale, and comes back by itself', async () => {
    await waitForText('#connection-state', 'Trực tiếp', 10_000);
    // A second projector whose token the server will refuse when it reconnects (its own browser profile).
    const otherContext = await newBrowserContext(browser, { viewport: { width: 1280, height: 720 } });
    const other = await otherContext.newPage();
    await other.goto(`${city!.url}/briefing/${PERIOD}`);
    await other.fill('#signin-password', DEV_PASSWORD);
    await other.click('.signin-button');
    await other.waitForFunction(
      () => ((globalThis as unknown as InPage).document.querySelector('#connection-state')?.textContent ?? '').includes('Trực tiếp'),
      null,
      { timeout: 10_000 },
    );
    await other.evaluate(() => {
      const store = (globalThis as unknown as InPage).localStorage;
      const s = JSON.parse(store.getItem('council.briefing.session')!);
      store.setItem('council.briefing.session', JSON.stringify({ ...s, token: s.token.slice(0, -4) + 'AAAA' }));
    });

    const port = Number(new URL(city!.url).port);
    const closing = city!;
    city = undefined;
    await closing.close();

    await page.waitForSelector('#connection-banner', { state: 'visible', timeout: 15_000 });
    expect(await textOf('#banner-text')).toBe(LOST);
    expect(await textOf('#connection-state')).toBe('● Mất kết nối');
    expect(await textOf('.level-DISTRICT .sentence')).toBe('28 kỳ họp chuyên đề, 107 nghị quyết');
    expect(await page.getAttribute('#board', 'class')).toContain('stale');
    await page.screenshot({ path: join(ARTIFACTS, 'briefing-screen-offline.png') });

    // city-api back on the same address: the screen reconnects on its own.
    cityAgain = await createApp(CITY_API);
    await cityAgain.listen(port, '127.0.0.1');
    await waitForText('#connection-state', 'Trực tiếp', 40_000);
    expect(await page.isVisible('#connection-banner')).toBe(false);
    expect(await page.getAttribute('#board', 'class')).not.toContain('stale');
    // The other projector's socket was refused: it asks to sign in again.
    await other.waitForSelector('#signin', { timeout: 10_000 });
    expect(await other.textContent('.signin-status')).toContain('Phiên đăng nhập đã hết hạn');
    await otherContext.close();
    expect(pageErrors).toEqual([]);
    expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  }, 90_000);
});
