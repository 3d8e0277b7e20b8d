import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { quarterAt } from '@council/core';
import { projectRoot } from '@council/database';
import { createApp } from '@council/server';
import type { INestApplication } from '@nestjs/common';
import type { Page } from 'playwright-core';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { GraphqlSockets } from './support/browser-sockets.js';
import { eventually } from './support/eventually.js';
import { gqlOk, tokenFor } from './support/graphql.js';
import { ok, realisticValues, setDeadline, valueList } from './support/reporting.js';
import { BRIEFING_PUSH_SANITY_MS } from './support/sanity-bounds.js';
import { SEED_003_DISTRICTS as DISTRICTS, SEED_003_WARDS as WARDS, seed003Filings } from './support/seed-003.js';
import { testClient } from './support/sql.js';
import {
  ARTIFACTS,
  cspViolations,
  openPage,
  type PageWatch,
  RAW_ERROR_TEXT,
  screenshot,
  seriousA11yViolations,
  signIn,
  startWebStack,
  type WebStack,
} from './support/web.js';

/**
 * The briefing screen and the printable summary, routes of the web app (/briefing/<period>, /briefing/<period>/print)
 * behind the gateway, in Chromium (test/support/web.ts): the viewer signs in, sees seed 003's totals by level, a
 * district files its quarter through district-api and the screen shows the new total without a reload, pushed over
 * the graphql-ws socket (/api/city/graphql) it was already following; the sign-in survives a reload; English; the
 * workbook; the printable page; and when city-api goes away the screen says so plainly, keeps the last figures
 * marked stale, and comes back by itself. Also: a period shows only the directives issued by its end, and a level
 * with no figures in the previous period says there is nothing to compare with.
 */

const PERIOD = '2024Q1';
const LOST = 'Mất kết nối với máy chủ — đang thử kết nối lại…';
const LIVE = '● Trực tiếp';
const EXPIRED = 'Phiên đăng nhập đã hết hạn';
const NO_PREVIOUS = 'chưa có số liệu kỳ trước để so sánh';

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
  const client = testClient(stack.databaseUrl);
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
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

let stack: WebStack;
let cityAgain: INestApplication | undefined;
let watch: PageWatch;
let page: Page;
let sockets: GraphqlSockets;

/** Normalised text of the first element matching selector ('' when there is none). */
async function textOf(selector: string, on: Page = page): Promise<string> {
  const el = on.locator(selector).first();
  return (await el.count()) ? ((await el.textContent()) ?? '').replace(/\s+/g, ' ').trim() : '';
}

/** Waits (bounded) until the element's text contains text; fails with what it did show. */
async function waitForText(selector: string, text: string, timeout = 10_000, on: Page = page): Promise<void> {
  try {
    await on.waitForFunction(
      ([sel, want]) => (document.querySelector(sel)?.textContent ?? '').replace(/\s+/g, ' ').includes(want),
      [selector, text] as const,
      { timeout, polling: 100 },
    );
  } catch {
    const page = (await on.locator('body').innerText()).replace(/\s+/g, ' ').slice(0, 400);
    throw new Error(
      `"${text}" did not appear in ${selector} within ${timeout} ms; it shows: "${await textOf(selector, on)}"; the page: ${page}`,
    );
  }
}

async function expectCleanPage(w: PageWatch): Promise<void> {
  expect(await cspViolations(w.page)).toEqual([]);
  expect(w.problems()).toEqual([]);
  expect(await w.page.locator('body').innerText()).not.toMatch(RAW_ERROR_TEXT);
  expect(await seriousA11yViolations(w.page)).toEqual([]);
}

beforeAll(async () => {
  stack = await startWebStack('briefing_screen');
  // Seed 003's quarter, filed through district-api. Filed today, every report is after Q1/2024's deadline
  // (10/04/2024): date the filings back to before it (one district after it), and let the deadline decide again.
  const staff = await tokenFor(stack.district.graphql, 'city');
  const seeds = { CITY: 1, DISTRICT: 100, WARD: 1000 };
  const filings = seed003Filings().map((f) => ({
    unitCode: f.unitCode,
    values: values(f.level, seeds[f.level] + f.index, f.thematic, f.resolutions),
  }));
  await Promise.all(filings.map((f) => gqlOk(stack.district.graphql, SUBMIT, { i: { ...f, period: PERIOD } }, staff)));
  await sql(
    `UPDATE district.report SET first_submitted_at = CASE WHEN unit_code = $2 THEN timestamptz '2024-04-15 10:00+07' ELSE timestamptz '2024-04-08 09:00+07' END WHERE period = $1`,
    [PERIOD, LATE_DISTRICT],
  );
  ok(await setDeadline(stack.district.graphql, staff, PERIOD, '2024-04-10'));

  // Last quarter's briefing and the directive concluded there (to every district and its communes; Thanh Xuân
  // has done its part); this quarter's briefing with its agenda, 28 of the 30 connection points present.
  const cityToken = await tokenFor(stack.city.graphql, 'city');
  const previous = await gqlOk(
    stack.city.graphql,
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
  const concluded = await gqlOk(
    stack.city.graphql,
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
  // Issued at last quarter's briefing (18/01/2024), not today: a period's screen counts the directives issued by its end.
  await sql(`UPDATE city.directive SET issued_at = timestamptz '2024-01-18 11:00+07' WHERE id = $1`, [concluded.issueDirective.id]);
  const meeting = await gqlOk(
    stack.city.graphql,
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
      gqlOk(stack.city.graphql, ATTEND, { m: meetingId, u, s: ABSENT_POINTS.includes(u) ? 'ABSENT' : 'PRESENT' }, cityToken),
    ),
  );
  await gqlOk(
    stack.city.graphql,
    CONCLUDE,
    { m: meetingId, t: 'HĐND cấp huyện thường xuyên tổ chức giao ban với HĐND xã, thị trấn để rà soát, đánh giá công việc.' },
    cityToken,
  );
  const d009 = await tokenFor(stack.district.graphql, 'd009');
  const mine = await eventually(
    () => gqlOk(stack.district.graphql, `{ assignments(unitCode: "009") { id } }`, {}, d009),
    (d) => d.assignments.length === 1,
    10_000,
  );
  await gqlOk(
    stack.district.graphql,
    `mutation($id: ID!) { acknowledgeAssignment(id: $id) { status } }`,
    { id: mine.assignments[0].id },
    d009,
  );
  await gqlOk(
    stack.district.graphql,
    `mutation($id: ID!) { updateAssignment(id: $id, status: COMPLETED, note: "Đã rà soát xong") { status } }`,
    { id: mine.assignments[0].id },
    d009,
  );

  // Everything has reached the city before the browser looks.
  const viewer = await tokenFor(stack.city.graphql, 'viewer');
  const summary = await eventually(
    () => gqlOk(stack.city.graphql, SUMMARY, { p: PERIOD }, viewer),
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

  watch = await openPage(stack);
  page = watch.page;
  sockets = new GraphqlSockets(page);
}, 180_000);

afterAll(async () => {
  await cityAgain?.close().catch(() => undefined);
  await stack?.close();
}, 60_000);

describe('the briefing screen in the hall', () => {
  it('refuses a bad period in plain Vietnamese, and /briefing alone opens this quarter', async () => {
    await page.goto(`${stack.url}/briefing/2024Q5`);
    await page.waitForSelector('.briefing-error h1');
    expect(await textOf('.briefing-error h1')).toContain('2024Q5');
    expect(await textOf('.briefing-error h1')).toContain('không hợp lệ');
    expect(await page.locator('.ant-layout-sider').count()).toBe(0);
    await page.goto(`${stack.url}/briefing`);
    await page.waitForURL(/\/sign-in\?next=/);
    expect(decodeURIComponent(new URL(page.url()).searchParams.get('next') ?? '')).toBe(`/briefing/${quarterAt(new Date()).code}`);
  });

  it('asks the viewer to sign in, then shows the totals by level as the articles state them, full screen', async () => {
    await page.goto(`${stack.url}/briefing/${PERIOD}`);
    await page.waitForURL(/\/sign-in/);
    await signIn(page, 'viewer');
    await page.waitForURL(new RegExp(`/briefing/${PERIOD}$`));

    await waitForText('.level-DISTRICT .sentence', '26 kỳ họp chuyên đề, 102 nghị quyết', 15_000);
    expect(await textOf('.level-CITY .sentence')).toBe('1 kỳ họp chuyên đề, 20 nghị quyết');
    expect(await textOf('.level-WARD .sentence')).toBe('111 kỳ họp chuyên đề, 202 nghị quyết');
    expect(await textOf('.level-DISTRICT h2')).toBe('HĐND cấp huyện');
    expect(await textOf('.level-DISTRICT .reported')).toContain('đã báo cáo 20/30');
    expect(await textOf('.level-DISTRICT .reported')).toContain('trong đó 1 gửi muộn');
    expect(await textOf('#briefing-title')).toBe('Giao ban HĐND thành phố Hà Nội — Quý I/2024');
    expect(await page.title()).toBe('Giao ban HĐND thành phố Hà Nội — Quý I/2024');
    // No menu: a projector, not the office app.
    expect(await page.locator('.ant-layout-sider, .ant-menu').count()).toBe(0);
    // followed over the subscription, not by polling
    await waitForText('#connection-state', 'Trực tiếp', 10_000);
    expect(await textOf('#updated-at')).toMatch(/^Cập nhật lúc \d{2}:\d{2}:\d{2}$/);
    expect(await textOf('#as-of')).toMatch(/^Số liệu tính đến \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/);

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
  });

  it('says there is nothing to compare with when the previous quarter has no figures (not "▲ 102")', async () => {
    // Nobody filed Q4/2023: every level says so, and no figure carries an arrow against it.
    for (const level of ['CITY', 'DISTRICT', 'WARD']) expect(await textOf(`.level-${level} .compare`)).toBe(NO_PREVIOUS);
    expect(await textOf('#levels')).not.toMatch(/[▲▼]/);
    expect(await page.locator('#levels .figure[data-delta], #levels .delta').count()).toBe(0);
  });

  it('shows a district’s new report without a reload, pushed over the socket it was already following', async () => {
    await page.evaluate(() => ((window as unknown as { sameDocument?: boolean }).sameDocument = true));
    // The push, not the 5-second poll nor a reconnection's first answer: the new figure must come as a `next` of
    // the very subscription, on the very socket, that the screen was following before the report was filed.
    const live = sockets.current('briefingSummaryUpdated');
    const token = await tokenFor(stack.district.graphql, `d${NEWCOMER}`);
    const since = Date.now();
    await gqlOk(stack.district.graphql, SUBMIT, { i: { unitCode: NEWCOMER, period: PERIOD, values: values('DISTRICT', 7, 2, 5) } }, token);

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
    expect(new URL(push.socket.url()).pathname).toBe('/api/city/graphql');
    await waitForText('.level-DISTRICT .sentence', '28 kỳ họp chuyên đề, 107 nghị quyết', 5_000);
    expect(await textOf('#connection-state')).toBe(LIVE);
    expect(await textOf('.level-DISTRICT .reported')).toContain('đã báo cáo 21/30');
    expect(await textOf('.level-DISTRICT .reported')).toContain('trong đó 2 gửi muộn'); // filed today, after 10/04/2024
    expect(await page.getAttribute(`.bar-row[data-unit="${NEWCOMER}"]`, 'class')).toContain('status-late');
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await page.waitForTimeout(3500); // let the highlight of the changed figures fade before the picture and axe
    await expectCleanPage(watch);
    await screenshot(page, 'briefing-screen');
  });

  it('keeps the sign-in across a reload of the projector, and switches to English', async () => {
    await page.reload();
    await waitForText('.level-DISTRICT .sentence', '28 kỳ họp chuyên đề, 107 nghị quyết', 10_000);
    expect(page.url()).toMatch(new RegExp(`/briefing/${PERIOD}$`));

    await page.click('button.lang');
    await waitForText('.level-DISTRICT h2', 'District-level councils', 3_000);
    expect(await textOf('.level-DISTRICT .sentence')).toBe('28 thematic sessions, 107 resolutions issued');
    expect(await textOf('#briefing-title')).toContain('Q1 2024');
    expect(await textOf('.level-DISTRICT .compare')).toBe('no previous figures to compare');
    expect(page.url()).toMatch(/\?lang=en$/);
    await screenshot(page, 'briefing-screen-en');
    await page.click('button.lang');
    await waitForText('.level-DISTRICT h2', 'HĐND cấp huyện', 3_000);

    // The year so far: its quarters together.
    await page.goto(`${stack.url}/briefing/2024`);
    await waitForText('.level-DISTRICT .sentence', '28 kỳ họp chuyên đề, 107 nghị quyết', 10_000);
    expect(await textOf('#briefing-title')).toBe('Giao ban HĐND thành phố Hà Nội — Năm 2024');
    await page.goto(`${stack.url}/briefing/${PERIOD}`);
    await waitForText('#connection-state', 'Trực tiếp', 10_000);
  });

  it('downloads the workbook with the stored sign-in', async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.click('button.excel')]);
    expect(download.suggestedFilename()).toBe(`giao-ban-${PERIOD}.xlsx`);
    const head = readFileSync(await download.path())
      .subarray(0, 2)
      .toString('latin1');
    expect(head).toBe('PK'); // a zip: an XLSX, not an error page
  });

  it('is one click from the home page for those who may read it', async () => {
    await page.goto(`${stack.url}/`);
    await page.getByRole('button', { name: 'Mở màn hình giao ban' }).waitFor();
    await expectCleanPage(watch);
    await page.getByRole('button', { name: 'Mở màn hình giao ban' }).click();
    await page.waitForURL(new RegExp(`/briefing/${quarterAt(new Date()).code}$`));
    await page.waitForSelector('.level-DISTRICT .sentence');
    await page.goto(`${stack.url}/briefing/${PERIOD}`);
    await waitForText('#connection-state', 'Trực tiếp', 10_000);
  });

  it('counts only the directives issued by the end of the period shown', async () => {
    const city = await tokenFor(stack.city.graphql, 'city');
    const viewer = await tokenFor(stack.city.graphql, 'viewer');
    const current = quarterAt(new Date()).code;
    const since = Date.now();
    await gqlOk(
      stack.city.graphql,
      ISSUE,
      {
        i: { title: 'Chuẩn bị kỳ họp cuối năm', body: 'Đề nghị chuẩn bị nội dung kỳ họp.', targetUnitCodes: ['009'], dueDate: future(20) },
      },
      city,
    );
    // Today's quarter counts it, with Thanh Xuân's open assignment...
    await eventually(
      () =>
        gqlOk(
          stack.city.graphql,
          `query($p: String!) { briefingSummary(period: $p) { directives { total } units { unit { code } openAssignments } } }`,
          { p: current },
          viewer,
        ),
      (d) =>
        d.briefingSummary.directives.total === 435 &&
        d.briefingSummary.units.find((u: { unit: { code: string } }) => u.unit.code === '009').openAssignments === 1,
      BRIEFING_PUSH_SANITY_MS,
    );
    // ...Q1/2024's does not: it was issued long after. The screen got a push for the change and still says 1/434.
    await sockets.waitForPush('briefingSummaryUpdated', () => true, since, BRIEFING_PUSH_SANITY_MS);
    const q1 = await gqlOk(
      stack.city.graphql,
      `query($p: String!) { briefingSummary(period: $p) { directives { total } units { unit { code } openAssignments } } }`,
      { p: PERIOD },
      viewer,
    );
    expect(q1.briefingSummary.directives.total).toBe(434);
    expect(q1.briefingSummary.units.find((u: { unit: { code: string } }) => u.unit.code === '009').openAssignments).toBe(0);
    expect(await textOf('#directives .kpi')).toBe('1/434 hoàn thành');
    expect(await textOf('#directives header')).toContain('ban hành đến hết Quý I/2024');
  });

  it('prints the summary on A4, in Vietnamese', async () => {
    const printing = await openPage(stack);
    const print = printing.page;
    try {
      // the same sign-in (one browser profile): the print page asks once too
      await print.goto(`${stack.url}/briefing/${PERIOD}/print`);
      await print.waitForURL(/\/sign-in/);
      await signIn(print, 'viewer');
      await print.waitForSelector('#document[data-ready]', { timeout: 15_000 });
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
      expect(text).toContain(`HĐND cấp huyện: ${NO_PREVIOUS}`);
      expect(text).toContain('Tổng số nhiệm vụ được giao: 434;');
      expect(await print.locator('table.figures tbody tr').count()).toBeGreaterThanOrEqual(21); // every metric, and who reported
      expect(await print.locator('table.units tbody tr').count()).toBe(31);
      // No previous figures: the previous and change columns are empty, not "+102".
      const resolutions = print.locator('table.figures tbody tr', { hasText: 'Nghị quyết' }).first();
      expect((await resolutions.locator('td').allTextContents()).slice(1, 4)).toEqual(['20', '', '']);
      await expectCleanPage(printing);
      await print.emulateMedia({ media: 'print' });
      expect(await print.isVisible('.toolbar')).toBe(false);
      await print.emulateMedia({ media: 'screen' });
      await screenshot(print, 'briefing-print');
      await print.screenshot({ path: join(ARTIFACTS, 'web-briefing-print-full.png'), fullPage: true });
    } finally {
      await printing.context.close();
    }
  });

  it('asks to sign in again when the server refuses the stored token', async () => {
    const other = await watch.context.newPage();
    try {
      await other.goto(`${stack.url}/briefing/${PERIOD}`);
      await other.waitForSelector('.level-DISTRICT .sentence');
      await other.evaluate(() => {
        const s = JSON.parse(localStorage.getItem('council.session')!);
        // Neither token good any more (a renewable one would be renewed unnoticed: test/web-refresh.e2e-spec.ts).
        localStorage.setItem(
          'council.session',
          JSON.stringify({ ...s, accessToken: 'x' + s.accessToken.slice(1), refreshToken: 'revoked' }),
        );
      });
      await other.reload();
      await other.waitForURL(/\/sign-in/, { timeout: 10_000 });
      await other.getByText(EXPIRED).waitFor({ timeout: 5_000 });
      // signing in again here refreshes the one stored token for every tab
      await signIn(other, 'viewer');
      await other.waitForSelector('.level-DISTRICT .sentence', { timeout: 10_000 });
      expect(other.url()).toMatch(new RegExp(`/briefing/${PERIOD}$`));
    } finally {
      await other.close();
    }
  });

  it('keeps the figures fresh by polling when only the socket is refused', async () => {
    const other = await watch.context.newPage();
    try {
      await other.routeWebSocket(/\/api\/city\/graphql$/, (ws) => ws.close({ code: 1011, reason: 'refused by the test' }));
      await other.goto(`${stack.url}/briefing/${PERIOD}`);
      await waitForText('#connection-state', 'Cập nhật định kỳ', 10_000, other);
      expect(await other.isVisible('#connection-banner')).toBe(false);
      expect(await textOf('.level-DISTRICT .sentence', other)).toBe('28 kỳ họp chuyên đề, 107 nghị quyết');
    } finally {
      await other.close();
    }
  });

  it('says plainly when the connection is lost, keeps the last figures marked stale, and comes back by itself', async () => {
    await waitForText('#connection-state', 'Trực tiếp', 10_000);
    // A second projector whose token the server will refuse when it reconnects (its own browser profile).
    const second = await openPage(stack);
    const other = second.page;
    await other.goto(`${stack.url}/briefing/${PERIOD}`);
    await signIn(other, 'viewer');
    await waitForText('#connection-state', 'Trực tiếp', 10_000, other);
    await other.evaluate(() => {
      const s = JSON.parse(localStorage.getItem('council.session')!);
      localStorage.setItem(
        'council.session',
        JSON.stringify({ ...s, accessToken: s.accessToken.slice(0, -4) + 'AAAA', refreshToken: 'revoked' }),
      );
    });

    const port = Number(new URL(stack.city.url).port);
    await stack.city.close();

    await page.waitForSelector('#connection-banner', { state: 'visible', timeout: 15_000 });
    expect(await textOf('#banner-text')).toBe(LOST);
    expect(await textOf('#connection-state')).toBe('● Mất kết nối');
    expect(await textOf('.level-DISTRICT .sentence')).toBe('28 kỳ họp chuyên đề, 107 nghị quyết');
    expect(await page.getAttribute('#board', 'class')).toContain('stale');
    await screenshot(page, 'briefing-screen-offline');

    // city-api back on the same address: the screen reconnects on its own.
    cityAgain = await createApp(CITY_API);
    await cityAgain.listen(port, '127.0.0.1');
    await waitForText('#connection-state', 'Trực tiếp', 40_000);
    expect(await page.isVisible('#connection-banner')).toBe(false);
    expect(await page.getAttribute('#board', 'class')).not.toContain('stale');
    // The other projector's token was refused: it asks to sign in again.
    await other.waitForURL(/\/sign-in/, { timeout: 15_000 });
    await other.getByText(EXPIRED).waitFor({ timeout: 5_000 });
    expect(second.problems()).toEqual([]);
    await second.context.close();
    expect(watch.problems()).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  }, 90_000);
});
