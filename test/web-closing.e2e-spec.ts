/**
 * Closing and reopening in Chromium against the real platform (test/support/web.ts): city staff mark the city's
 * Q1/2024 briefing held on the briefing screen, which closes the quarter; Xã Xuân Nộn's clerk (w00457) sees the report
 * closed and asks to reopen it (an empty reason refused beside its field); Huyện Đông Anh (d017) finds the request on
 * its review list and grants it on the report's review page; the clerk corrects a figure and submits; the briefing
 * screen and its print page show the figures as presented beside the new ones.
 */
import { vietnamDay } from './support/clock.js';
import { eventually } from './support/eventually.js';
import { gqlOk, tokenFor } from './support/graphql.js';
import { realisticValues, valueList } from './support/reporting.js';
import { expectCleanPage, openPage, type PageWatch, screenshot, signIn, startWebStack, type WebStack } from './support/web.js';

const WARD = '00457'; // Xã Xuân Nộn, Huyện Đông Anh
const PERIOD = '2024Q1';
const figures = { ...realisticValues('WARD', 15), 'sessions.thematic': 2 };

let stack: WebStack;
const SUMMARY = `query($p: String!) { briefingSummary(period: $p) { levels { level reported } presented { changed } } }`;
const CLOSURES = `query($p: String!) { quarterClosures(period: $p) { id source } }`;
const UNSENT = 'Có thay đổi chưa lưu lên máy chủ (đã giữ trên máy này)';
/** "2026-12-06" → "06/12/2026", as the pages write dates. */
const dayText = (iso: string) => iso.split('-').reverse().join('/');

beforeAll(async () => {
  stack = await startWebStack('web_closing');
  const ward = await tokenFor(stack.district.graphql, 'w00457');
  const d017 = await tokenFor(stack.district.graphql, 'd017');
  const filed = (
    await gqlOk(
      stack.district.graphql,
      `mutation($i: ReportInput!) { submitReport(input: $i) { id } }`,
      { i: { unitCode: WARD, period: PERIOD, values: valueList(figures) } },
      ward,
    )
  ).submitReport;
  await gqlOk(stack.district.graphql, `mutation($id: ID!) { reviewReport(id: $id, decision: ACCEPT) { status } }`, { id: filed.id }, d017);
  const city = await tokenFor(stack.city.graphql, 'city');
  await eventually(
    async () => (await gqlOk(stack.city.graphql, SUMMARY, { p: PERIOD }, city)).briefingSummary,
    (s) => s.levels.find((l: { level: string }) => l.level === 'WARD')?.reported === 1,
    20_000,
    200,
  );
  // The meeting is marked held in the browser (the first journey).
  await gqlOk(
    stack.city.graphql,
    `mutation($i: CreateBriefingMeetingInput!) { createBriefingMeeting(input: $i) { id } }`,
    {
      i: {
        period: PERIOD,
        title: 'Hội nghị giao ban quý I/2024',
        startsAt: '2024-04-19T01:30:00.000Z',
        location: 'Điểm cầu HĐND thành phố',
      },
    },
    city,
  );
}, 180_000);

afterAll(async () => {
  await stack?.close();
}, 60_000);

describe('a closed quarter, reopened for one report and corrected', () => {
  let clerk: PageWatch;

  it('city staff mark the briefing meeting held on the briefing screen: figures frozen, the quarter closed', async () => {
    const ward = await tokenFor(stack.district.graphql, 'w00457');
    expect((await gqlOk(stack.district.graphql, CLOSURES, { p: PERIOD }, ward)).quarterClosures).toEqual([]);
    const watch = await openPage(stack);
    const page = watch.page;
    await page.goto(`${stack.url}/briefing/${PERIOD}`);
    await signIn(page, 'city');
    const mark = page.getByRole('button', { name: 'Đánh dấu đã họp' });
    await mark.waitFor();
    expect(await page.locator('#meeting-held').count()).toBe(0);

    // Asked once more, saying what it does.
    await mark.click();
    const confirm = page.locator('.ant-popconfirm');
    await confirm.waitFor();
    expect(await confirm.innerText()).toContain('Chốt số liệu đã trình bày và khoá sổ Quý I/2024');
    // Closing is the default, a box the person can clear (and the words follow it); here it stays ticked.
    const box = confirm.getByRole('checkbox', { name: 'Khoá sổ Quý I/2024' });
    expect(await box.isChecked()).toBe(true);
    await box.click();
    expect(await confirm.innerText()).toContain('Chốt số liệu đã trình bày tại hội nghị.');
    expect(await confirm.innerText()).not.toContain('và khoá sổ');
    await box.click();
    expect(await box.isChecked()).toBe(true);
    await page.waitForTimeout(300); // the popup settles: axe must not read it half drawn
    await expectCleanPage(watch);
    await screenshot(page, 'closing-mark-held-confirm');

    const today = dayText(vietnamDay());
    await confirm.getByRole('button', { name: 'Xác nhận' }).click();
    const held = page.locator('#meeting-held');
    await held.waitFor();
    expect([`Đã họp ngày ${today}`, `Đã họp ngày ${dayText(vietnamDay())}`]).toContain(await held.innerText());
    await mark.waitFor({ state: 'detached' });
    // The figures as presented, frozen now, come through the live feed.
    await page.getByRole('button', { name: 'Số liệu tại hội nghị ngày 19/04/2024' }).waitFor();
    await page.mouse.move(0, 0);
    await expectCleanPage(watch);
    await screenshot(page, 'closing-meeting-held');

    // The city's meeting of a quarter closes it: the worker records the closure on the district side.
    const closures = await eventually(
      async () => (await gqlOk(stack.district.graphql, CLOSURES, { p: PERIOD }, ward)).quarterClosures,
      (c) => c.length === 1,
      20_000,
      200,
    );
    expect(closures[0].source).toMatch(/^meeting:/);

    // Reloaded: still held, nothing to mark.
    await page.reload();
    await held.waitFor();
    expect(await mark.count()).toBe(0);
    await watch.context.close();
  });

  it('the clerk sees the report closed and asks to reopen it, the reason required beside its field', async () => {
    clerk = await openPage(stack);
    const page = clerk.page;
    await page.goto(`${stack.url}/reports/${WARD}/${PERIOD}`);
    await signIn(page, 'w00457');
    const banner = page.getByTestId('closed-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(/Quý I\/2024 đã khoá sổ ngày \d\d\/\d\d\/\d{4}/);
    expect(await page.getByRole('button', { name: 'Lưu nháp' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Gửi báo cáo' }).isDisabled()).toBe(true);

    await banner.getByRole('button', { name: 'Đề nghị mở lại' }).click();
    await page.getByRole('button', { name: 'Gửi đề nghị' }).click();
    const finding = page.locator('[data-finding="reason"]');
    await finding.waitFor();
    expect(await finding.innerText()).toBe('Cần ghi rõ lý do đề nghị mở lại');
    await screenshot(page, 'closing-reason-required');

    await page.getByLabel('Lý do đề nghị mở lại').fill('Bổ sung 1 kỳ họp chuyên đề ngày 28/3 bị bỏ sót');
    await page.getByRole('button', { name: 'Gửi đề nghị' }).click();
    const request = page.getByTestId('reopen-request');
    await request.waitFor();
    expect(await request.innerText()).toContain('Chờ cấp trên xem xét');
    expect(await request.innerText()).toContain('Bổ sung 1 kỳ họp chuyên đề ngày 28/3 bị bỏ sót');
    await page.mouse.move(0, 0);
    await expectCleanPage(clerk);
    await screenshot(page, 'closing-requested');
  });

  it('Đông Anh finds the request on its review list and grants it on the report’s review page', async () => {
    const district = await openPage(stack);
    const page = district.page;
    await page.goto(`${stack.url}/review?period=${PERIOD}`);
    await signIn(page, 'd017');
    const card = page.locator('#reopen-requests');
    const row = card.getByRole('row', { name: /00457/ });
    await row.waitFor();
    expect(await row.innerText()).toContain('Bổ sung 1 kỳ họp chuyên đề ngày 28/3 bị bỏ sót');
    await page.mouse.move(0, 0);
    await expectCleanPage(district);
    await screenshot(page, 'closing-review');

    // The report: closed, by the meeting; the request waits beside it, decided there.
    await row.getByRole('link', { name: `${WARD} · ${PERIOD}` }).click();
    await page.waitForURL(`**/review/${WARD}/${PERIOD}`);
    const banner = page.getByTestId('closed-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(/Quý I\/2024 đã khoá sổ ngày \d\d\/\d\d\/\d{4}/);
    expect(await banner.innerText()).toContain('Hội nghị giao ban đã họp');
    expect(await banner.getByRole('button', { name: 'Đề nghị mở lại' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Chấp nhận' }).isDisabled()).toBe(true);
    const request = page.getByTestId('reopen-request');
    expect(await request.innerText()).toContain('Chờ cấp trên xem xét');
    expect(await request.innerText()).toContain('Bổ sung 1 kỳ họp chuyên đề ngày 28/3 bị bỏ sót');
    const note = request.getByLabel('Ý kiến (không bắt buộc)');
    await note.fill(
      'Đồng ý, gửi lại trong tuần; ghi rõ ngày họp chuyên đề trong phần nêu bật. ' +
        'Kèm theo biên bản kỳ họp chuyên đề ngày 28/3 và nghị quyết đã ban hành; nếu số nghị quyết thay đổi so với báo cáo ' +
        'đã gửi thì giải thích ở phần tồn tại, hạn chế để Thường trực HĐND huyện tổng hợp trước hội nghị giao ban quý sau. ' +
        'Số liệu tiếp xúc cử tri giữ nguyên như bản đã được chấp nhận.',
    );
    // A paragraph of a note wraps in a box as wide as the report allows, all of it in view: nothing behind a scroll.
    const box = await note.evaluate((el) => ({
      inView: el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight + 1,
      width: el.getBoundingClientRect().width,
    }));
    expect(box.inView).toBe(true);
    expect(box.width).toBeGreaterThan(480);
    await page.mouse.move(0, 0);
    await expectCleanPage(district);
    await screenshot(page, 'closing-review-report');

    await request.getByRole('button', { name: 'Đồng ý mở lại' }).click();
    await page.getByTestId('reopened-banner').waitFor();
    await request.getByText('Đã cho mở lại').waitFor();
    expect(await request.innerText()).toContain('Đồng ý, gửi lại trong tuần');
    expect(await request.getByRole('button', { name: 'Đồng ý mở lại' }).count()).toBe(0);
    expect(await banner.count()).toBe(0);
    await page.waitForTimeout(500); // the confirmation message fades in: axe must not read it half faded
    await expectCleanPage(district);
    await screenshot(page, 'closing-review-granted');

    // Decided: the list has nothing waiting any more.
    await page.getByRole('link', { name: /Danh sách xã, thị trấn/ }).click();
    await card.getByText('Không có đề nghị nào đang chờ').waitFor();
    await district.context.close();
  });

  it('the clerk corrects a figure and submits', async () => {
    const page = clerk.page;
    await page.reload();
    await page.getByTestId('reopened-banner').waitFor();
    expect(await page.getByTestId('reopen-request').innerText()).toContain('Đã cho mở lại');
    const thematic = page.locator('#metric-sessions-thematic');
    await thematic.fill('3');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.getByTestId('submit-confirmed').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('submit-confirmed').innerText()).toContain('Phiên bản 2');
    // The server has it: nothing is left "unsent" (the report holds a figure the form neither shows nor sends).
    expect(await page.getByText(UNSENT).count()).toBe(0);
    await page.mouse.move(0, 0);
    await expectCleanPage(clerk);
    await screenshot(page, 'closing-corrected');
    await clerk.context.close();
  });

  it('city staff see the quarter’s closure on the closing page', async () => {
    const watch = await openPage(stack);
    const page = watch.page;
    await page.goto(`${stack.url}/closing?period=${PERIOD}`);
    await signIn(page, 'city');
    await page.getByRole('heading', { name: 'Khoá sổ quý và đề nghị mở lại' }).waitFor();
    const closure = page.getByRole('row', { name: /Toàn thành phố/ });
    await closure.waitFor();
    expect(await closure.innerText()).toContain('Hội nghị giao ban đã họp');
    await page.mouse.move(0, 0);
    await expectCleanPage(watch);
    await screenshot(page, 'closing-city');
    await watch.context.close();
  });

  it('the briefing shows the figures at the meeting beside the figures now, the corrected cell marked', async () => {
    const viewer = await tokenFor(stack.city.graphql, 'viewer');
    await eventually(
      async () => (await gqlOk(stack.city.graphql, SUMMARY, { p: PERIOD }, viewer)).briefingSummary.presented,
      (p) => p?.changed === 1,
      20_000,
      200,
    );
    const watch = await openPage(stack);
    const page = watch.page;
    await page.goto(`${stack.url}/briefing/${PERIOD}`);
    await signIn(page, 'viewer');
    await page.locator('#meeting-held').waitFor();
    // The projector's account may read, not mark the meeting held.
    expect(await page.getByRole('button', { name: 'Đánh dấu đã họp' }).count()).toBe(0);
    const toggle = page.getByRole('button', { name: 'Số liệu tại hội nghị ngày 19/04/2024' });
    await toggle.waitFor();
    await toggle.click();
    const row = page.locator('#presented-figures tr[data-metric="sessions.thematic"]');
    await row.waitFor();
    const cells = await row.locator('td').allInnerTexts();
    // City, district, commune: three cells each (at the meeting, now, difference); the commune's changed 2 → 3.
    expect(cells.slice(6)).toEqual(['2', '3', '+1']);
    expect(await row.locator('td.changed').count()).toBe(3);
    expect(await page.locator('#presented-figures th').allInnerTexts()).toContain('Số liệu tại hội nghị ngày 19/04/2024');
    expect(await page.getByRole('button', { name: 'Số liệu hiện nay' }).isVisible()).toBe(true);
    await page.mouse.move(0, 0);
    await expectCleanPage(watch);
    await screenshot(page, 'closing-briefing-presented');

    await page.goto(`${stack.url}/briefing/${PERIOD}/print`);
    const printed = page.locator('#presented-figures tr[data-metric="sessions.thematic"]');
    await printed.waitFor();
    expect((await printed.locator('td').allInnerTexts()).slice(6)).toEqual(['2', '3', '+1']);
    expect(await printed.locator('td.changed').count()).toBe(3);
    await printed.scrollIntoViewIfNeeded();
    await screenshot(page, 'closing-briefing-print');
    await watch.context.close();
  });
});

describe('closing by hand, and a request refused', () => {
  const Q2 = '2024Q2';

  it('city staff close Q2/2024 for Đông Anh on the closing page, asked once more what it closes', async () => {
    const ward = await tokenFor(stack.district.graphql, 'w00457');
    await gqlOk(
      stack.district.graphql,
      `mutation($i: ReportInput!) { submitReport(input: $i) { id } }`,
      { i: { unitCode: WARD, period: Q2, values: valueList(realisticValues('WARD', 16)) } },
      ward,
    );
    const watch = await openPage(stack);
    const page = watch.page;
    await page.goto(`${stack.url}/closing?period=${Q2}`);
    await signIn(page, 'city');
    await page.getByRole('heading', { name: 'Khoá sổ quý và đề nghị mở lại' }).waitFor();
    await page.getByText('Quý này chưa khoá sổ').waitFor();
    await page.locator('#closing-scope').click();
    await page.keyboard.type('Đông Anh');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Khoá sổ' }).click();
    const confirm = page.locator('.ant-popconfirm');
    await confirm.waitFor();
    expect(await confirm.innerText()).toContain('Khoá sổ Quý II/2024 cho Huyện Đông Anh?');
    expect(await confirm.innerText()).toContain('báo cáo của quý không lưu hay gửi được nữa');
    await page.waitForTimeout(300); // the popup settles: axe must not read it half drawn
    await expectCleanPage(watch);
    await screenshot(page, 'closing-by-hand-confirm');
    await confirm.getByRole('button', { name: 'Khoá sổ' }).click();
    const row = page.getByRole('row', { name: /Huyện Đông Anh/ });
    await row.waitFor();
    expect(await row.innerText()).toContain('Khoá sổ thủ công');
    expect(await row.innerText()).toContain('city');
    const closures = (
      await gqlOk(stack.district.graphql, `query($p: String!) { quarterClosures(period: $p) { scopeCode source } }`, { p: Q2 }, ward)
    ).quarterClosures;
    expect(closures).toEqual([{ scopeCode: '017', source: 'manual' }]);
    await page.mouse.move(0, 0);
    await page.waitForTimeout(500); // the confirmation message fades in
    await expectCleanPage(watch);
    await screenshot(page, 'closing-by-hand');
    await watch.context.close();
  });

  it('Đông Anh refuses a commune’s request to reopen it, with a note the clerk then reads', async () => {
    const ward = await tokenFor(stack.district.graphql, 'w00457');
    await gqlOk(
      stack.district.graphql,
      `mutation($u: String!, $p: String!, $r: String!) { requestReopen(unitCode: $u, period: $p, reason: $r) { id } }`,
      { u: WARD, p: Q2, r: 'Điều chỉnh số kiến nghị cử tri đã trả lời' },
      ward,
    );
    const district = await openPage(stack);
    const page = district.page;
    await page.goto(`${stack.url}/review?period=${Q2}`);
    await signIn(page, 'd017');
    const card = page.locator('#reopen-requests');
    const row = card.getByRole('row', { name: /00457/ });
    await row.waitFor();
    expect(await row.innerText()).toContain('Điều chỉnh số kiến nghị cử tri đã trả lời');
    await row.getByLabel('Ý kiến (không bắt buộc)').fill('Số liệu đã trình bày tại hội nghị; điều chỉnh vào báo cáo quý III');
    await row.getByRole('button', { name: 'Không đồng ý' }).click();
    await card.getByText('Không có đề nghị nào đang chờ').waitFor();
    await page.mouse.move(0, 0);
    await page.waitForTimeout(500);
    await expectCleanPage(district);
    await screenshot(page, 'closing-refused');
    await district.context.close();

    // The clerk's report says so: refused, with the note, and still closed.
    const report = (
      await gqlOk(
        stack.district.graphql,
        `query($u: String!, $p: String!) { report(unitCode: $u, period: $p) { reopenRequests { status note decidedBy } closure { closed writable } } }`,
        { u: WARD, p: Q2 },
        ward,
      )
    ).report;
    expect(report.reopenRequests).toEqual([
      { status: 'REFUSED', note: 'Số liệu đã trình bày tại hội nghị; điều chỉnh vào báo cáo quý III', decidedBy: 'd017' },
    ]);
    expect(report.closure).toEqual({ closed: true, writable: false });
  });
});
