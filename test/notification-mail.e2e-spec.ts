import { randomUUID } from 'node:crypto';

import type pg from 'pg';

import { CITY_API } from '../apps/city-api/src/city-api.app.js';
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { SYNC_WORKER } from '../apps/sync-worker/src/sync-worker.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { assertTestEnvironment } from './support/env.js';
import { districtEraCommune } from './support/eras.js';
import { eventually } from './support/eventually.js';
import { gql, gqlOk, tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import { freePort, killAllChildren, sleep, startSyncWorker } from './support/processes.js';
import { withEnv } from './support/redis-server.js';
import { ok, realisticValues, reviewReport, submitReport, valueList } from './support/reporting.js';
import { type ReceivedMail, TestSmtpServer } from './support/smtp-server.js';
import { testClient } from './support/sql.js';

/**
 * Email as the second channel, to a real SMTP server (the `smtp-server` package listening on a port of its own):
 * a returned report is mailed in Vietnamese to the clerk whose address the administrator set; a worker restarted
 * afterwards sends nothing again; a server that is down holds the mail, and once it is up the mail arrives once; a
 * clerk who turned the kind's mail off gets none; a worker killed after the server took a mail and before its commit
 * sends it again once restarted, with the same Message-ID.
 */
const PERIOD = '2024Q1';
const WAIT_MS = 60_000;
const UPDATE_USER = `mutation($u: String!, $i: UpdateUserInput!) { updateUser(username: $u, input: $i) { username email } }`;

let db: Awaited<ReturnType<typeof isolatedDatabase>>;
let client: pg.Client;
let district: RunningApp;
let city: RunningApp;
let worker: RunningApp;
let smtp: TestSmtpServer;
const tokens: Record<string, string> = {};
const as = async (user: string) => (tokens[user] ??= await tokenFor(district.graphql, user));

/** The worker's settings, in this process (startWorker) or in a process of its own (the crash below). */
const mailEnv = () => ({
  SMTP_URL: smtp.url,
  MAIL_FROM: 'HĐND thành phố Hà Nội <hdnd@hanoi.example.vn>',
  MAIL_EVERY_MS: '300',
  MAIL_RETRY_MAX_SECONDS: '2',
  REMINDER_DAYS_BEFORE: '',
  REMINDER_DAYS_AFTER: '',
});
const startWorker = () => withEnv(mailEnv(), () => startApp(SYNC_WORKER));
const mailsTo = (address: string): ReceivedMail[] => smtp.received.filter((m) => m.to.includes(address));

/** The clerk's address, set by the administrator through updateUser. */
async function giveAddress(username: string, email: string): Promise<void> {
  const r = await gqlOk(district.graphql, UPDATE_USER, { u: username, i: { email } }, await as('admin'));
  expect(r.updateUser).toEqual({ username, email });
}

async function fileAndReturn(clerk: string, unitCode: string, comment: string): Promise<void> {
  const filed = ok(
    await submitReport(
      district.graphql,
      await as(clerk),
      { unitCode, period: PERIOD, values: valueList(realisticValues('WARD', 7)) },
      randomUUID(),
    ),
  ).submitReport;
  ok(await reviewReport(district.graphql, await as('d017'), filed.id, 'RETURN', comment));
}

beforeAll(async () => {
  db = await isolatedDatabase('mail');
  client = testClient(db.url);
  await client.connect();
  smtp = new TestSmtpServer(await freePort());
  await smtp.start();
  [district, city] = await Promise.all([startApp(DISTRICT_API), startApp(CITY_API)]);
  worker = await startWorker();
}, 120_000);

afterAll(async () => {
  await killAllChildren();
  await Promise.all([district?.close(), city?.close(), worker?.close()]);
  await smtp?.stop();
  await client?.end();
  await db?.restore();
});

it('refuses an address that is not one, naming the field', async () => {
  const r = await gql(district.graphql, UPDATE_USER, { u: 'w00457', i: { email: 'xuan-non at hanoi' } }, await as('admin'));
  expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.email' });
  expect(r.errors![0].message).toContain('Địa chỉ thư điện tử không hợp lệ');
});

it('mails a returned report to its clerk in Vietnamese, once, even after the worker restarts', async () => {
  const address = 'thuongtruc@xuannon.example.vn';
  await giveAddress('w00457', address);
  await fileAndReturn('w00457', '00457', 'Đề nghị bổ sung số liệu tiếp xúc cử tri.');
  const [mail] = await eventually(
    async () => mailsTo(address),
    (m) => m.length > 0,
    WAIT_MS,
  );
  expect(mail.subject).toBe('Báo cáo Quý I/2024 bị trả lại');
  expect(mail.text).toContain('Báo cáo Quý I/2024 của Xã Xuân Nộn đã bị cấp trên trả lại, đề nghị chỉnh sửa và gửi lại.');
  expect(mail.text).toContain('Ý kiến: “Đề nghị bổ sung số liệu tiếp xúc cử tri.”');
  expect(mail.text).toContain('/reports/00457/2024Q1');
  expect(mail.text).toContain('Q1 2024 report returned');
  expect(mail.raw).toMatch(/charset=utf-8/i);

  // A new worker finds the mail stamped sent: nothing goes out again.
  await worker.close();
  worker = await startWorker();
  await sleep(3000);
  expect(mailsTo(address)).toHaveLength(1);
  const { rows } = await client.query(`SELECT sent_at, attempts FROM notify.mail_outbox WHERE to_address = $1`, [address]);
  expect(rows).toHaveLength(1);
  expect(rows[0].sent_at).not.toBeNull();
}, 120_000);

it('holds the mail while the server is down and delivers it once when it is back', async () => {
  const address = 'thuongtruc@xa00460.example.vn';
  await smtp.stop();
  await giveAddress('w00460', address);
  await fileAndReturn('w00460', '00460', 'Thiếu số nghị quyết.');
  // Tried and refused (twice at least: the wait between attempts doubles), still waiting in the outbox.
  const held = await eventually(
    async () => (await client.query(`SELECT attempts, sent_at, last_error FROM notify.mail_outbox WHERE to_address = $1`, [address])).rows,
    (r) => r.length === 1 && r[0].attempts >= 2,
    WAIT_MS,
    200,
  );
  expect(held[0].sent_at).toBeNull();
  expect(held[0].last_error).toMatch(/ECONNREFUSED|connect/i);
  expect(mailsTo(address)).toEqual([]);

  await smtp.start();
  const [mail] = await eventually(
    async () => mailsTo(address),
    (m) => m.length > 0,
    WAIT_MS,
  );
  expect(mail.subject).toBe('Báo cáo Quý I/2024 bị trả lại');
  expect(mail.text).toContain('Ý kiến: “Thiếu số nghị quyết.”');
  await sleep(3000);
  expect(mailsTo(address)).toHaveLength(1);
}, 120_000);

it('gives a clerk who turned the kind’s mail off the notification in the centre, and no mail', async () => {
  const quiet = 'thuongtruc@bachong.example.vn';
  const other = 'thuongtruc@namhong.example.vn';
  const otherCode = districtEraCommune('00469'); // Xã Nam Hồng
  await giveAddress('w00463', quiet);
  await giveAddress(`w${otherCode}`, other);
  const onCity = await tokenFor(city.graphql, 'w00463');
  await gqlOk(
    city.graphql,
    `mutation($p: [NotificationPreferenceInput!]!) { setNotificationPreferences(preferences: $p) { kind } }`,
    { p: [{ kind: 'REPORT_RETURNED', inApp: true, email: false }] },
    onCity,
  );
  await fileAndReturn('w00463', '00463', 'Bổ sung số liệu giám sát.');
  const [told] = await eventually(
    async () => (await gqlOk(city.graphql, `{ notifications { items { kind title } } }`, {}, onCity)).notifications.items,
    (items) => items.length > 0,
    WAIT_MS,
  );
  expect(told).toEqual({ kind: 'REPORT_RETURNED', title: 'Báo cáo Quý I/2024 bị trả lại' });
  // A mail queued after it arrives: the worker has been through everything due before, and found nothing for the clerk.
  await fileAndReturn(`w${otherCode}`, otherCode, 'Bổ sung số liệu giám sát.');
  await eventually(
    async () => mailsTo(other),
    (m) => m.length > 0,
    WAIT_MS,
  );
  expect(mailsTo(quiet)).toEqual([]);
  expect((await client.query(`SELECT count(*)::int AS n FROM notify.mail_outbox WHERE to_address = $1`, [quiet])).rows[0].n).toBe(0);
}, 120_000);

it('sends a mail again with the same Message-ID when its worker was killed after the server took it, before its commit', async () => {
  const address = 'thuongtruc@tienduong.example.vn';
  const unitCode = districtEraCommune('00472'); // Xã Tiên Dương
  // A worker of its own process, to be killed with SIGKILL; this process's waits meanwhile.
  await worker.close();
  const doomed = await startSyncWorker({ name: 'mail-killed', redisUrl: assertTestEnvironment().redisUrl, env: mailEnv() });
  await doomed.waitReady();
  // Killed when the server holds the whole mail, before its answer reaches the worker: the row's stamp is never committed.
  smtp.onReceived = async (mail) => {
    if (mail.to.includes(address) && doomed.alive) await doomed.kill();
  };
  try {
    await giveAddress(`w${unitCode}`, address);
    await fileAndReturn(`w${unitCode}`, unitCode, 'Thiếu biên bản kỳ họp.');
    await eventually(
      async () => doomed.alive,
      (alive) => !alive,
      WAIT_MS,
    );
  } finally {
    smtp.onReceived = undefined;
  }
  const stamp = async () => (await client.query(`SELECT id, sent_at FROM notify.mail_outbox WHERE to_address = $1`, [address])).rows;
  const [row] = await stamp();
  expect(row.sent_at).toBeNull();
  expect(mailsTo(address)).toHaveLength(1);

  worker = await startWorker();
  const mails = await eventually(
    async () => mailsTo(address),
    (m) => m.length >= 2,
    WAIT_MS,
  );
  const messageId = `<notify-${row.id}@hanoi.example.vn>`;
  expect(mails.map((m) => m.messageId)).toEqual([messageId, messageId]);
  expect(mails[1].subject).toBe(mails[0].subject);
  expect(mails[1].text).toBe(mails[0].text);
  await eventually(stamp, ([r]) => r.sent_at !== null, WAIT_MS, 200);
  // Stamped now: nothing more goes out.
  await sleep(3000);
  expect(mailsTo(address)).toHaveLength(2);
}, 180_000);
