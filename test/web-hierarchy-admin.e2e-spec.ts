/**
 * The administration of units over time in Chromium against the real platform (issue 14).
 *
 * Council terms: the administrator reads the city's terms (khóa XVI, XVII), a district's that ended with the district
 * level, and sets a commune's khóa; a term overlapping another is refused beside its first day, changing nothing.
 *
 * Reorganisations: the city's administrator reads each
 * event (resolution, day, links old → new and how each is known), sees the communes that ended on 2025-01-01 with no
 * successor, and records where one went. Another administrator's link recorded meanwhile is refused beside the field
 * (the server's Vietnamese words); a recorded link leaves the list, shows as the administrator's, and is audited.
 */
import { gqlOk, tokenFor } from './support/graphql.js';
import { expectCleanPage, openPage, type PageWatch, screenshot, signIn, startWebStack, type WebStack } from './support/web.js';

let stack: WebStack;
let admin: PageWatch;

const EVENTS = `query { reorganisationEvents { effectiveDate links { derivation } endedWithoutSuccessor { code level } } }`;
const RECORD = `mutation($input: RecordUnitLinkInput!) { recordUnitLink(input: $input) { derivation } }`;
const TERMS = `query($c: String!) { councilUnit(code: $c) { terms { code number validFrom validTo } } }`;
const AUDIT = `query($s: String) { adminAuditLog(subject: $s) { username action subject } }`;

interface EventFigures {
  effectiveDate: string;
  links: { derivation: string }[];
  endedWithoutSuccessor: { code: string; level: string }[];
}

const events = async (token: string) =>
  (await gqlOk<{ reorganisationEvents: EventFigures[] }>(stack.district.graphql, EVENTS, {}, token)).reorganisationEvents;

beforeAll(async () => {
  stack = await startWebStack('web_reorganisations');
  admin = await openPage(stack);
  await admin.page.goto(`${stack.url}/admin/terms`);
  await signIn(admin.page, 'admin');
  await admin.page.getByRole('heading', { name: 'Quản trị hệ thống' }).waitFor();
}, 120_000);

afterAll(async () => {
  await admin?.context.close();
  await stack?.close();
}, 60_000);

describe('the council terms page', () => {
  const terms = async (code: string) =>
    (await gqlOk(stack.district.graphql, TERMS, { c: code }, await tokenFor(stack.district.graphql, 'admin'))).councilUnit.terms;
  const rows = (page: PageWatch['page']) => page.locator('.ant-table-tbody tr.ant-table-row');

  it("shows the city's terms, refuses one overlapping another beside its first day, and changes nothing", async () => {
    const { page } = admin;
    await rows(page).first().waitFor();
    expect(await rows(page).allInnerTexts()).toEqual([
      expect.stringMatching(/^Nhiệm kỳ 2021–2026, khóa XVI\s+23\/05\/2021\s+14\/03\/2026\s+Sửa$/),
      expect.stringMatching(/^Nhiệm kỳ 2026–2031, khóa XVII\s+15\/03\/2026\s+Đang diễn ra\s+Sửa$/),
    ]);
    // Both of the city's terms are recorded: nothing to add.
    expect(await page.getByRole('button', { name: 'Thêm nhiệm kỳ' }).isDisabled()).toBe(true);

    const before = await terms('01');
    await page.getByRole('button', { name: 'Sửa NK2026-2031' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Sửa nhiệm kỳ — Thành phố Hà Nội').waitFor();
    const from = dialog.getByLabel('Từ ngày');
    await from.click();
    await from.fill('01/01/2026');
    await from.press('Enter');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    const error = dialog.locator('[data-server-error="validFrom"]');
    await error.waitFor();
    expect(await error.innerText()).toBe(
      'Nhiệm kỳ chồng lên nhiệm kỳ NK2021-2026 của Thành phố Hà Nội (từ 23/05/2021 đến hết ngày 14/03/2026)',
    );
    expect(await terms('01')).toEqual(before);
    await page.waitForTimeout(400);
    await expectCleanPage(admin);
    await screenshot(page, 'admin-term-refused');
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it("shows a district's term ending with the district level, and sets a commune's khóa, audited", async () => {
    const { page } = admin;
    const pick = async (title: string, under?: string) => {
      await page.getByLabel('Hội đồng nhân dân').click();
      if (under)
        await page
          .locator('.ant-select-tree-treenode', { has: page.getByTitle(under, { exact: true }) })
          .locator('.ant-select-tree-switcher')
          .click();
      await page.locator('.ant-select-tree').getByTitle(title, { exact: true }).click();
    };
    await pick('Quận Thanh Xuân');
    await rows(page).filter({ hasText: 'khóa VI' }).waitFor();
    expect(await rows(page).first().innerText()).toMatch(/^Nhiệm kỳ 2021–2026, khóa VI\s+23\/05\/2021\s+30\/06\/2025\s+Sửa$/);

    await pick('Xã Xuân Nộn', 'Huyện Đông Anh');
    const term = rows(page).filter({ hasText: 'Nhiệm kỳ 2021–2026' }).filter({ hasNotText: 'khóa' });
    await term.waitFor();
    expect(await term.innerText()).toMatch(/^Nhiệm kỳ 2021–2026\s+23\/05\/2021\s+\d\d\/\d\d\/20\d\d\s+Sửa$/);
    const before = (await terms('00457')).find((t: { code: string }) => t.code === 'NK2021-2026');
    expect(before.number).toBeNull();
    await page.getByRole('button', { name: 'Sửa NK2021-2026' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Sửa nhiệm kỳ — Xã Xuân Nộn').waitFor();
    await dialog.getByLabel('Khóa').fill('5');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã lưu nhiệm kỳ').waitFor();
    await rows(page).filter({ hasText: 'Nhiệm kỳ 2021–2026, khóa V' }).waitFor();
    // Only the number changed; the dates went to the server and back as they were (the last day ↔ the API's end).
    expect((await terms('00457')).find((t: { code: string }) => t.code === 'NK2021-2026')).toEqual({ ...before, number: 5 });
    const { adminAuditLog } = await gqlOk(
      stack.district.graphql,
      AUDIT,
      { s: 'council-term:00457:NK2021-2026' },
      await tokenFor(stack.district.graphql, 'admin'),
    );
    expect(adminAuditLog).toEqual([{ username: 'admin', action: 'COUNCIL_TERM_SET', subject: 'council-term:00457:NK2021-2026' }]);
    await expectCleanPage(admin);
    await screenshot(page, 'admin-terms');
  });
});

describe('the reorganisations page', () => {
  beforeAll(async () => {
    await admin.page.getByRole('tab', { name: 'Sắp xếp đơn vị hành chính' }).click();
  });

  it('shows each event with its resolution, its links and how each is known, and what ended without a successor', async () => {
    const { page } = admin;
    const [merges, abolition] = await events(await tokenFor(stack.district.graphql, 'admin'));
    // The first event, as the API has it: its links and the 24 communes still waiting for a successor.
    await page.getByText('1286/NQ-UBTVQH15').first().waitFor();
    const count = page.locator('[data-link-count]');
    expect(await count.getAttribute('data-link-count')).toBe(String(merges.links.length));
    expect(await count.innerText()).toMatch(/Suy ra: tên mới chứa tên đơn vị cũ: \d+/);
    expect(await page.getByRole('row', { name: /Ngày có hiệu lực/ }).innerText()).toMatch(/^Ngày có hiệu lực\s+01\/01\/2025$/);
    const waiting = page.locator('[data-need-link]');
    expect(await waiting.innerText()).toBe(`Đơn vị chưa có đơn vị kế thừa (${merges.endedWithoutSuccessor.length})`);
    expect(merges.endedWithoutSuccessor).toHaveLength(24);
    // Each with the district it was part of the day before, a page of 8 at a time.
    expect(await page.getByRole('row', { name: /00010 Phường Nguyễn Trung Trực/ }).innerText()).toMatch(
      /^00010 Phường Nguyễn Trung Trực\s+Quận Ba Đình\s+Ghi đơn vị kế thừa$/,
    );
    expect(await page.getByRole('button', { name: /^Ghi đơn vị kế thừa/ }).count()).toBe(8);
    // Kept 00226 Phường Trung Tự → renamed Phương Liên - Trung Tự: the derived link reads why.
    await page.getByRole('searchbox', { name: 'Tìm theo mã hoặc tên đơn vị' }).fill('Trung Tự');
    const derived = page.getByRole('row', { name: /Phương Liên - Trung Tự/ }).first();
    await derived.waitFor();
    expect(await derived.innerText()).toMatch(/Toàn bộ[\s\S]*Suy ra/);
    // Trung Tự kept its code: no commune without a successor matches, and the list says so in words.
    const unlinked = page.locator('.ant-card', { has: page.locator('[data-need-link]') });
    expect(await unlinked.innerText()).toContain('Không có đơn vị nào khớp với “Trung Tự”');
    expect(await unlinked.innerText()).not.toContain('Trống');
    await expectCleanPage(admin);
    await screenshot(page, 'admin-reorganisations');

    // The second: 796 links from the 526 communes to the 126, every one from the data file; the 30 districts abolished.
    await page.getByText(`01/07/2025 · 1656/NQ-UBTVQH15`).click();
    await page.getByText(/30 đơn vị thôi tồn tại ngày này, không có đơn vị kế thừa \(bãi bỏ cấp\) \(HĐND cấp huyện\)/).waitFor();
    expect(abolition.endedWithoutSuccessor).toHaveLength(30);
    expect(await page.locator('[data-need-link]').count()).toBe(0);
    expect(await page.locator('[data-link-count]').innerText()).toMatch(/^796 \(toàn bộ 326, một phần 470\) — Tệp dữ liệu sắp xếp: 796$/);
    // A code names a unit only with a day: 00008 was Phường Liễu Giai the day before, is Phường Ngọc Hà on the day.
    await page.getByRole('searchbox', { name: 'Tìm theo mã hoặc tên đơn vị' }).fill('Liễu Giai');
    const reused = page.getByRole('row', { name: /00008 Phường Liễu Giai/ });
    await reused.waitFor();
    expect(await reused.innerText()).toMatch(/00008 Phường Liễu Giai\s+00008 Phường Ngọc Hà\s+Toàn bộ\s+Tệp dữ liệu sắp xếp/);
  });

  it('records where an ended commune went; a link another administrator recorded meanwhile is refused beside the field', async () => {
    const { page } = admin;
    const token = await tokenFor(stack.district.graphql, 'admin');
    await page.getByText('01/01/2025 · 1286/NQ-UBTVQH15').click();
    await page.locator('[data-need-link]').waitFor();

    // The dialog offers the communes of Quận Ba Đình that still existed on 01/01/2025, not the ones that ended.
    await page.getByRole('button', { name: 'Ghi đơn vị kế thừa 00010' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('(Quận Ba Đình)').waitFor();
    await dialog.getByLabel('Đơn vị kế thừa').click();
    const option = (title: string) => page.locator(`.ant-select-item-option[title="${title}"]`);
    await option('00001 Phường Phúc Xá').waitFor();
    await dialog.getByLabel('Đơn vị kế thừa').fill('Nguyễn Trung Trực');
    await page.locator('.ant-select-dropdown .ant-empty').waitFor();
    await dialog.getByLabel('Đơn vị kế thừa').fill('Quán Thánh');
    await option('00013 Phường Quán Thánh').click();
    await dialog.getByLabel('Một phần').check();

    // Meanwhile another administrator records 00010 → 00013 through the API: this one is then a duplicate.
    await gqlOk(
      stack.district.graphql,
      RECORD,
      { input: { fromCode: '00010', fromDate: '2024-12-31', toCode: '00013', toDate: '2025-01-01', kind: 'PARTIAL' } },
      token,
    );
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    const error = dialog.locator('[data-server-error="toCode"]');
    await error.waitFor();
    expect(await error.innerText()).toBe('Đã có liên kết Phường Nguyễn Trung Trực (mã 00010) → Phường Quán Thánh (mã 00013)');
    await page.waitForTimeout(400);
    await expectCleanPage(admin);
    await screenshot(page, 'admin-reorganisation-link-refused');
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'detached' });

    // 09985 Xã Chàng Sơn went whole into 09973 Xã Lam Sơn (Huyện Thạch Thất): recorded from the page.
    const before = (await events(token))[0];
    await page.reload();
    await page.locator('[data-need-link]').waitFor();
    expect(await page.locator('[data-need-link]').innerText()).toBe(
      `Đơn vị chưa có đơn vị kế thừa (${before.endedWithoutSuccessor.length})`,
    );
    await page.getByRole('searchbox', { name: 'Tìm theo mã hoặc tên đơn vị' }).fill('Chàng Sơn');
    await page.getByRole('button', { name: 'Ghi đơn vị kế thừa 09985' }).click();
    await dialog.getByText('(Huyện Thạch Thất)').waitFor();
    await dialog.getByLabel('Đơn vị kế thừa').click();
    await dialog.getByLabel('Đơn vị kế thừa').fill('09973');
    // Its name on 01/01/2025 (Xã Lam Sơn, renamed that day) once the eras are seeded; Xã Canh Nậu until then.
    await page.locator('.ant-select-item-option[title^="09973 Xã"]').click();
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã ghi liên kết').waitFor();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('[data-need-link]', { hasText: `(${before.endedWithoutSuccessor.length - 1})` }).waitFor();
    expect(await page.getByRole('button', { name: 'Ghi đơn vị kế thừa 09985' }).count()).toBe(0);
    await page.getByRole('searchbox', { name: 'Tìm theo mã hoặc tên đơn vị' }).fill('09985');
    const recorded = page.getByRole('row', { name: /09985 Xã Chàng Sơn/ });
    await recorded.waitFor();
    expect(await recorded.innerText()).toMatch(/09985 Xã Chàng Sơn\s+09973 Xã Lam Sơn\s+Toàn bộ\s+Quản trị viên ghi nhận/);

    const after = (await events(token))[0];
    expect(after.links.length).toBe(before.links.length + 1);
    expect(after.endedWithoutSuccessor.map((u) => u.code)).toEqual(
      before.endedWithoutSuccessor.map((u) => u.code).filter((c) => c !== '09985'),
    );
    const { adminAuditLog } = await gqlOk(stack.district.graphql, AUDIT, { s: 'unit-link:09985@2021-07-01>09973@2021-07-01' }, token);
    expect(adminAuditLog).toEqual([
      { username: 'admin', action: 'UNIT_LINK_RECORD', subject: 'unit-link:09985@2021-07-01>09973@2021-07-01' },
    ]);
    await expectCleanPage(admin);
    await screenshot(page, 'admin-reorganisation-link-recorded');
  });

  it('reads in English behind the switch, dates still dd/mm/yyyy', async () => {
    const { page } = admin;
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Ended units with no successor yet').waitFor();
    expect(await page.getByRole('row', { name: /Took effect/ }).innerText()).toMatch(/^Took effect\s+01\/01\/2025$/);
    await page.getByRole('searchbox', { name: 'Search by code or name' }).fill('09985');
    expect(await page.getByRole('row', { name: /^09985 / }).innerText()).toMatch(
      /Chang Son Commune[\s\S]*Whole\s+Recorded by an administrator/,
    );
  });
});
