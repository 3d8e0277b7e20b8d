/**
 * Each role's home page in Chromium against the real platform (test/support/web.ts): a commune clerk sees this
 * quarter's due date and a new directive, a district its communes missing and waiting for review, the city how many
 * councils have reported; every figure is checked against what the APIs answer.
 */
import { periodLabel, previousQuarter, quarterAt, vietnameseDateText } from '@council/core';

import { eventually } from './support/eventually.js';
import { gqlOk, tokenFor } from './support/graphql.js';
import { ok, submitReport, valueList } from './support/reporting.js';
import { expectCleanPage, openPage, screenshot, signIn, startWebStack, type WebStack } from './support/web.js';

const DISTRICT = '017'; // Huyện Đông Anh
const WARD = '00457'; // Xã Xuân Nộn
const TITLE = 'Báo cáo kết quả giám sát chuyên đề năm';

let stack: WebStack;

beforeAll(async () => {
  stack = await startWebStack('web_home');
}, 120_000);

afterAll(async () => {
  await stack?.close();
}, 60_000);

const ended = previousQuarter(quarterAt(new Date()));

describe('the home page shows each role what needs them', () => {
  it('a commune clerk: this quarter’s due date and a directive just given to the commune', async () => {
    const cityToken = await tokenFor(stack.city.graphql, 'city');
    const due = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    await gqlOk(
      stack.city.graphql,
      `mutation($i: IssueDirectiveInput!) { issueDirective(input: $i) { id } }`,
      { i: { title: TITLE, body: 'Tổng hợp kết quả giám sát chuyên đề trong năm.', cascadeToWards: true, dueDate: due } },
      cityToken,
    );
    const wardToken = await tokenFor(stack.district.graphql, `w${WARD}`);
    const current = quarterAt(new Date());
    const { reportingPeriod } = await gqlOk(
      stack.district.graphql,
      `query($p: String!) { reportingPeriod(period: $p) { dueDate } }`,
      {
        p: current.code,
      },
      wardToken,
    );
    // The directive reaches district-api through the sync-worker.
    const titles = async () =>
      (await gqlOk(stack.district.graphql, `{ assignments { directive { title } } }`, {}, wardToken)).assignments.map(
        (a: { directive: { title: string } }) => a.directive.title,
      );
    expect(await eventually(titles, (t) => t.includes(TITLE), 30_000, 250)).toContain(TITLE);

    const watch = await openPage(stack);
    const { page } = watch;
    await page.goto(stack.url);
    await signIn(page, `w${WARD}`);
    const quarterCard = page.getByTestId('home-quarter');
    await quarterCard.getByText(vietnameseDateText(reportingPeriod.dueDate)).waitFor();
    expect(await quarterCard.innerText()).toContain(periodLabel(current).vi);
    expect(await quarterCard.innerText()).toContain('Chưa lập');
    const assignments = page.getByTestId('home-assignments');
    await assignments.getByRole('link', { name: TITLE }).waitFor();
    expect(await assignments.innerText()).toContain(vietnameseDateText(due));
    await expectCleanPage(watch);
    await screenshot(page, 'home-commune');
    await assignments.getByRole('link', { name: TITLE }).click();
    await page.waitForURL('**/directives/assignments/*');
    await page.getByRole('heading', { name: TITLE }).waitFor();
  });

  it('a district: its communes missing and waiting for review in the last ended quarter, as the API counts them', async () => {
    const wardToken = await tokenFor(stack.district.graphql, `w${WARD}`);
    ok(
      await submitReport(stack.district.graphql, wardToken, {
        unitCode: WARD,
        period: ended.code,
        values: valueList({ 'sessions.regular': 1 }),
      }),
    );
    const { councilUnits } = await gqlOk(
      stack.district.graphql,
      `query($d: String!) { councilUnits(level: WARD, parentCode: $d) { hasCouncil } }`,
      { d: DISTRICT },
      wardToken,
    );
    const withCouncil = councilUnits.filter((u: { hasCouncil: boolean }) => u.hasCouncil).length;

    const watch = await openPage(stack);
    const { page } = watch;
    await page.goto(stack.url);
    await signIn(page, `d${DISTRICT}`);
    const card = page.getByTestId('home-district');
    await card.getByText(periodLabel(ended).vi).waitFor();
    const counted = await eventually(
      () => card.innerText(),
      (text) => /Chờ xét duyệt\s+1\b/.test(text),
      15_000,
      250,
    );
    expect(counted).toMatch(new RegExp(`Chưa gửi\\s+${withCouncil - 1}\\b`));
    expect(counted).toMatch(/Chờ xét duyệt\s+1\b/);
    await expectCleanPage(watch);
    await screenshot(page, 'home-district');
    await card.getByRole('button', { name: 'Xét duyệt' }).click();
    await page.waitForURL(/\/review\?period=.*group=waiting/);
    await page
      .getByTestId('group-waiting')
      .getByRole('row', { name: /Xã Xuân Nộn/ })
      .waitFor();
  });

  it('the city: how many districts and communes have reported the last ended quarter, as completeness says', async () => {
    const token = await tokenFor(stack.city.graphql, 'city');
    const counts = await gqlOk(
      stack.city.graphql,
      `query($p: String!) { d: completeness(period: $p, level: DISTRICT) { expected submitted } w: completeness(period: $p, level: WARD) { expected submitted } }`,
      { p: ended.code },
      token,
    );
    const watch = await openPage(stack);
    const { page } = watch;
    await page.goto(stack.url);
    await signIn(page, 'city');
    const card = page.getByTestId('home-city');
    await card.getByText(`${counts.d.submitted}/${counts.d.expected} đã gửi`).waitFor();
    expect(await card.innerText()).toContain(`${counts.w.submitted}/${counts.w.expected} đã gửi`);
    expect(counts.d.expected).toBe(30);
    await page.getByTestId('home-overdue-directives').getByText('Không có chỉ đạo quá hạn.').waitFor();
    await expectCleanPage(watch);
    await screenshot(page, 'home-city');
    await card.getByRole('link', { name: 'Xem đơn vị chưa gửi' }).first().click();
    await page.waitForURL(/\/statistics\/completeness\?p=.*&l=DISTRICT/);
    await page.getByTestId('completeness-counts').waitFor();
  });
});
