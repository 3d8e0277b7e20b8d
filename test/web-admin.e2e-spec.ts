/**
 * Administration in Chromium against the real platform (test/support/web.ts): the city's administrator creates a
 * commune clerk who then signs in, signs them out everywhere (they sign in again), disables them (their open session ends, their sign-in is refused), sets a
 * quarter's deadline, and adds a metric that then appears in a commune's report form, in its group, with its rule.
 * Each server refusal is shown beside its field; every page is clean (CSP, axe, no raw errors).
 */
import type { Page } from 'playwright-core';

import { quarterFromNow } from './support/clock.js';
import { gqlOk, tokenFor } from './support/graphql.js';
import { expectCleanPage, openPage, type PageWatch, screenshot, signIn, startWebStack, type WebStack } from './support/web.js';

const WARD = '00457'; // Xã Xuân Nộn, Huyện Đông Anh
const NEW_USER = 'linh.xuannon';

let stack: WebStack;

beforeAll(async () => {
  stack = await startWebStack('web_admin');
}, 120_000);

afterAll(async () => {
  await stack?.close();
}, 60_000);

/** Antd's popups fade out: axe must not read one half-faded. */
async function popupsClosed(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.ant-select-dropdown, .ant-picker-dropdown, .ant-popover')].every(
      (e) =>
        e.closest('.ant-select-dropdown-hidden, .ant-picker-dropdown-hidden, .ant-popover-hidden') ||
        getComputedStyle(e).display === 'none',
    ),
  );
  // …and a message that just appeared fades in.
  await page.waitForTimeout(500);
}

/** dd/mm/yyyy of an ISO date. */
const shown = (iso: string) => iso.split('-').reverse().join('/');
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('the city administrator', () => {
  let admin: PageWatch;

  beforeAll(async () => {
    admin = await openPage(stack);
    await admin.page.goto(`${stack.url}/admin`);
    await signIn(admin.page, 'admin');
    await admin.page.getByRole('heading', { name: 'Quản trị hệ thống' }).waitFor();
  });

  afterAll(async () => {
    await admin?.context.close();
  });

  it('creates a commune clerk who then signs in; disabled, the clerk is signed out and cannot sign in again', async () => {
    const { page } = admin;
    await page.waitForURL('**/admin/users');
    await page
      .getByRole('row', { name: /Quản trị hệ thống/ })
      .first()
      .waitFor();
    expect(await page.getByText(/\d+ người dùng/).innerText()).toMatch(/^[\d.]+ người dùng$/);
    await expectCleanPage(admin);
    await screenshot(page, 'admin-users');

    // A name already taken: the server's refusal beside the name.
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Tên đăng nhập').fill('w00457');
    await dialog.getByLabel('Tên hiển thị').fill('Nguyễn Thị Linh');
    // The tree: open Huyện Đông Anh (its communes load then) and pick the commune.
    await dialog.getByLabel('Đơn vị').click();
    await page
      .locator('.ant-select-tree-treenode', { has: page.getByTitle('Huyện Đông Anh', { exact: true }) })
      .locator('.ant-select-tree-switcher')
      .click();
    await page.getByTitle('Xã Xuân Nộn', { exact: true }).click();
    await popupsClosed(page);
    expect(await dialog.locator('.ant-tree-select').innerText()).toContain('Xã Xuân Nộn');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    const nameError = dialog.locator('[data-server-error="username"]');
    await nameError.waitFor();
    expect(await nameError.innerText()).toContain('đã có người dùng');

    // A weak password: refused beside the password.
    await dialog.getByLabel('Tên đăng nhập').fill(NEW_USER);
    await dialog.getByLabel('Mật khẩu').fill('abc123');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    const passwordError = dialog.locator('[data-server-error="password"]');
    await passwordError.waitFor();
    expect(await passwordError.innerText()).toContain('Mật khẩu quá yếu');
    await page.waitForTimeout(400);
    await expectCleanPage(admin);
    await screenshot(page, 'admin-user-dialog');

    // No password: the server makes one and shows it once.
    await dialog.getByLabel('Mật khẩu').fill('');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    const generated = page.getByTestId('generated-password');
    await generated.waitFor();
    const password = (await generated.innerText()).trim();
    expect(password).toMatch(/^[A-Za-z0-9]{14}$/);
    await page.locator('.ant-modal-footer').getByRole('button', { name: 'Đóng' }).click();
    await page.getByRole('searchbox', { name: /Tìm theo tên đăng nhập/ }).fill('linh');
    await page.keyboard.press('Enter');
    const row = page.getByRole('row', { name: new RegExp(NEW_USER) });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Nguyễn Thị Linh[\s\S]*Cán bộ cấp xã[\s\S]*Xã Xuân Nộn[\s\S]*Đang hoạt động/);

    // The clerk signs in with it and sees their commune.
    const clerk = await openPage(stack);
    await clerk.page.goto(`${stack.url}/`);
    await signIn(clerk.page, NEW_USER, password);
    await clerk.page.getByRole('heading', { name: 'Xã Xuân Nộn' }).waitFor();
    expect(await clerk.page.locator('header').innerText()).toContain(NEW_USER);

    // Moved to the district's staff: another role, and the unit picked again from the tree (a district now).
    await row.getByRole('button', { name: `Sửa ${NEW_USER}` }).click();
    const edit = page.getByRole('dialog');
    expect(await edit.getByLabel('Tên đăng nhập').isDisabled()).toBe(true);
    expect(await edit.locator('.ant-tree-select').innerText()).toContain('Xã Xuân Nộn');
    await edit.getByLabel('Vai trò').click();
    await page.locator('.ant-select-item-option[title="Cán bộ cấp huyện"]').click();
    await edit.getByLabel('Đơn vị').click();
    await page.locator('.ant-select-tree').getByTitle('Huyện Đông Anh', { exact: true }).click();
    await popupsClosed(page);
    // An address for notifications by mail: one that is not an address is refused beside its field.
    await edit.getByLabel('Thư điện tử nhận thông báo').fill('linh at xuannon');
    await edit.getByRole('button', { name: 'Lưu' }).click();
    const emailError = edit.locator('[data-server-error="email"]');
    await emailError.waitFor();
    expect(await emailError.innerText()).toContain('Địa chỉ thư điện tử không hợp lệ');
    await edit.getByLabel('Thư điện tử nhận thông báo').fill('linh@xuannon.example.vn');
    await edit.getByRole('button', { name: 'Lưu' }).click();
    await row.getByText('Cán bộ cấp huyện').waitFor();
    expect(await row.innerText()).toContain('Huyện Đông Anh');
    await popupsClosed(page);

    // Signed out everywhere: the clerk's next request ends the session; signing in again works (the account stays).
    await row.getByRole('button', { name: `Đăng xuất mọi nơi ${NEW_USER}` }).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'Đăng xuất mọi nơi' }).click();
    await page.getByText('Đã chấm dứt mọi phiên đăng nhập').waitFor();
    await clerk.page.getByRole('menuitem', { name: /Báo cáo quý/ }).click();
    await clerk.page.getByText('Phiên đăng nhập đã hết hạn').waitFor();
    await signIn(clerk.page, NEW_USER, password);
    // Back where they were (the reports), signed in anew: then home again, for the step below.
    await clerk.page.waitForURL('**/reports**');
    await clerk.page.goto(`${stack.url}/`);
    await clerk.page.getByRole('heading', { name: 'Huyện Đông Anh' }).waitFor();
    await popupsClosed(page);

    // Disabled: the clerk's next request ends the session, and signing in again is refused.
    await row.getByRole('button', { name: `Khóa ${NEW_USER}` }).click();
    await page.getByRole('tooltip').getByRole('button', { name: 'Khóa' }).click();
    await row.locator('[data-active="false"]').waitFor();
    await clerk.page.getByRole('menuitem', { name: /Báo cáo quý/ }).click();
    await clerk.page.getByText('Phiên đăng nhập đã hết hạn').waitFor();
    await signIn(clerk.page, NEW_USER, password);
    await clerk.page.getByText('Sai tên đăng nhập hoặc mật khẩu').waitFor();
    await expectCleanPage(clerk);
    await clerk.context.close();
    await popupsClosed(page);
    await expectCleanPage(admin);
  }, 120_000);

  it("sets a quarter's deadline: refused before the quarter ends (beside the date), then saved", async () => {
    const { page } = admin;
    await page.getByRole('tab', { name: 'Hạn báo cáo các quý' }).click();
    await page.waitForURL('**/admin/quarters');
    const quarter = quarterFromNow(0);
    const row = page.locator('tr', { has: page.locator(`[data-due="${quarter.code}"]`) });
    await row.waitFor();
    const deadline = async (): Promise<{ dueDate: string; defaultDueDate: string }> =>
      (
        await gqlOk(
          stack.district.graphql,
          'query($p: String!) { reportingPeriod(period: $p) { dueDate defaultDueDate } }',
          { p: quarter.code },
          await tokenFor(stack.district.graphql, 'admin'),
        )
      ).reportingPeriod;
    const before = await deadline();
    expect(await row.locator(`[data-due="${quarter.code}"]`).innerText()).toContain(shown(before.dueDate));
    await expectCleanPage(admin);

    const picker = row.getByLabel(`Hạn gửi báo cáo ${quarter.code}`);
    const save = async (iso: string) => {
      await picker.click();
      await picker.fill(shown(iso));
      await page.keyboard.press('Tab');
      await popupsClosed(page);
      await row.getByRole('button', { name: `Lưu ${quarter.code}` }).click();
    };
    await save(addDays(before.defaultDueDate, -40)); // inside the quarter
    const error = row.locator('[data-server-error="dueDate"]');
    await error.waitFor();
    expect(await error.innerText()).toContain('không được trước ngày kết thúc quý');
    await page.waitForTimeout(400);
    await expectCleanPage(admin);

    const later = addDays(before.defaultDueDate, 5);
    await save(later);
    await page.getByText('Đã đặt hạn báo cáo').waitFor();
    await popupsClosed(page);
    await row.locator(`[data-due="${quarter.code}"]`, { hasText: shown(later) }).waitFor();
    expect(await row.innerText()).toContain('Đã điều chỉnh');
    expect((await deadline()).dueDate).toBe(later);
    await expectCleanPage(admin);
    await screenshot(page, 'admin-quarters');
  }, 90_000);

  it("adds a metric that then appears in a commune's report form, in its group, with its part-of rule", async () => {
    const { page } = admin;
    await page.getByRole('tab', { name: 'Danh mục chỉ tiêu' }).click();
    await page.waitForURL('**/admin/metrics');
    await page.getByRole('row', { name: /sessions\.regular/ }).waitFor();

    await page.getByRole('button', { name: 'Thêm chỉ tiêu' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Mã chỉ tiêu').fill('sessions.regular');
    await dialog.getByLabel('Tên tiếng Việt').fill('Giám sát việc giải quyết kiến nghị sau giám sát');
    await dialog.getByLabel('Tên tiếng Anh').fill('Follow-up supervisions');
    await dialog.getByLabel('Nhóm').click();
    await page.locator('.ant-select-item-option[title="Giám sát, khảo sát"]').click();
    await dialog.getByLabel('Đơn vị tính').fill('cuộc');
    await dialog.getByLabel('Là một phần của chỉ tiêu').click();
    await dialog.getByLabel('Là một phần của chỉ tiêu').fill('supervisions.thematic');
    await page.locator('.ant-select-item-option', { hasText: '(supervisions.thematic)' }).click();
    await popupsClosed(page);
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    const codeError = dialog.locator('[data-server-error="code"]');
    await codeError.waitFor();
    expect(await codeError.innerText()).toContain('đã có');

    await dialog.getByLabel('Mã chỉ tiêu').fill('supervisions.followup');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await page.getByText('Đã thêm chỉ tiêu').waitFor();
    const added = page.getByRole('row', { name: /supervisions\.followup/ });
    await added.waitFor();
    await popupsClosed(page);
    expect(await added.innerText()).toMatch(
      /Giám sát, khảo sát[\s\S]*Giám sát việc giải quyết kiến nghị sau giám sát[\s\S]*cuộc[\s\S]*Giám sát chuyên đề/,
    );
    await popupsClosed(page);
    await expectCleanPage(admin);
    await page.getByRole('row', { name: /surveys\.conducted/ }).evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'admin-metrics');
    // In English, the same page in English words, the metric by its English name.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Administration' }).waitFor();
    expect(await page.getByRole('tab', { name: 'Metric catalogue' }).count()).toBe(1);
    expect(await added.innerText()).toMatch(/Supervision and surveys[\s\S]*Follow-up supervisions[\s\S]*Commune/);
    await expectCleanPage(admin);
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('heading', { name: 'Quản trị hệ thống' }).waitFor();

    // The commune's form reads the catalogue from the API: the metric is there, in its group, and its rule runs.
    const clerk = await openPage(stack);
    const quarter = quarterFromNow(0);
    await clerk.page.goto(`${stack.url}/reports/${WARD}/${quarter.code}`);
    await signIn(clerk.page, `w${WARD}`);
    const field = clerk.page.locator('#metric-supervisions-followup');
    await field.waitFor();
    const card = clerk.page.locator('.ant-card', { has: field });
    expect(await card.locator('.ant-card-head').innerText()).toBe('Giám sát, khảo sát');
    expect(await card.innerText()).toContain('Giám sát việc giải quyết kiến nghị sau giám sát');
    await clerk.page.locator('#metric-supervisions-thematic').fill('1');
    await field.fill('3');
    await clerk.page.keyboard.press('Tab');
    await card.getByText(/không được lớn hơn/).waitFor();
    await expectCleanPage(clerk);
    await clerk.context.close();
  }, 90_000);
});
