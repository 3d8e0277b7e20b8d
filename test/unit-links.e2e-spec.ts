/**
 * Reorganisation events and unit links over HTTP (issue 14, step 2; docs/design/units-over-time.md). A unit is a code
 * on a day: `00008` on 2025-06-30 is Phường Liễu Giai (`00008@2021-07-01`), on 2025-07-01 Phường Ngọc Hà
 * (`00008@2025-07-01`), and each has links of its own. The seed holds both 2025 events with their links (source files
 * and the rules that read the 2025-01-01 names); an administrator records a missing one, audited; every refusal names
 * the field and writes nothing; a second prepare writes nothing.
 *
 * `hierarchy.council_unit` still holds one version per code (the three eras are not seeded there yet), so this file
 * asks the links, not the CouncilUnit's own name, what each identity is.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { RunningApp } from './support/apps.js';
import { gql, gqlOk, type GraphQLResponse } from './support/graphql.js';
import {
  adminAuditOf,
  expectRefusedUnchanged,
  type HierarchyAdminStack,
  prepareAgain,
  startHierarchyAdminStack,
} from './support/hierarchy-admin.js';
import { tableState } from './support/table-state.js';

let stack: HierarchyAdminStack;
let district: RunningApp;
let city: RunningApp;
let db: HierarchyAdminStack['db'];
let tokens: HierarchyAdminStack['tokens'];

const TABLES = ['hierarchy.unit', 'hierarchy.reorganisation_event', 'hierarchy.unit_link', 'district.audit_log'];
const SIDE = 'key code name level validFrom validTo asOf';
const LINK = `kind derivation evidence from { ${SIDE} } to { ${SIDE} } event { resolution title effectiveDate }`;
const UNIT_LINKS = `query($c: String!, $d: Date) { councilUnit(code: $c, asOf: $d) { code asOf predecessors { ${LINK} } successors { ${LINK} } } }`;
const EVENTS = `query($c: String) { reorganisationEvents { resolution title titleEn effectiveDate source links(code: $c) { ${LINK} } } }`;
const ENDED = `query { reorganisationEvents { endedWithoutSuccessor { ${SIDE} } } }`;
const RECORD = `mutation($input: RecordUnitLinkInput!) { recordUnitLink(input: $input) { ${LINK} } }`;

interface Side {
  key: string;
  code: string;
  name: string;
  asOf: string;
}
interface Link {
  kind: string;
  derivation: string;
  evidence: string | null;
  from: Side;
  to: Side;
  event: { resolution: string; effectiveDate: string };
}

const unitLinks = async (api: string, code: string, day: string, token = tokens.viewer) =>
  (await gqlOk<{ councilUnit: { predecessors: Link[]; successors: Link[] } }>(api, UNIT_LINKS, { c: code, d: day }, token)).councilUnit;
const state = () => tableState(db, TABLES);

const refused = (run: () => Promise<GraphQLResponse>, code: string, field?: string, message?: RegExp) =>
  expectRefusedUnchanged(db, TABLES, run, code, field, message);

beforeAll(async () => {
  stack = await startHierarchyAdminStack('links');
  ({ district, city, db, tokens } = stack);
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('the 2025 reorganisations as seeded', () => {
  it('lists both events, oldest first, with their resolutions', async () => {
    for (const api of [city.graphql, district.graphql]) {
      const { reorganisationEvents } = await gqlOk(api, EVENTS, { c: '00382' }, tokens.viewer);
      expect(reorganisationEvents.map((e: { resolution: string; effectiveDate: string }) => [e.effectiveDate, e.resolution])).toEqual([
        ['2025-01-01', '1286/NQ-UBTVQH15'],
        ['2025-07-01', '1656/NQ-UBTVQH15'],
      ]);
      expect(reorganisationEvents[1].title).toContain('126');
      expect(reorganisationEvents[1].links).toHaveLength(3);
    }
  });

  it('lists what each event ended without a successor: the 24 communes data/README.md calls missing, then the 30 districts', async () => {
    const readme = readFileSync(join(process.cwd(), 'data', 'README.md'), 'utf8');
    const missing = readme.split(/^Missing \((\d+)\)/m);
    const documented = [...missing[2].split('\n\n')[1].matchAll(/^\| `(\d{5})` /gm)].map((m) => m[1]);
    expect(documented).toHaveLength(Number(missing[1]));
    const { reorganisationEvents } = await gqlOk(city.graphql, ENDED, {}, tokens.viewer);
    const [merges, abolition] = reorganisationEvents as { endedWithoutSuccessor: (Side & { level: string })[] }[];
    expect(merges.endedWithoutSuccessor.map((u) => u.code)).toEqual([...documented].sort());
    expect(merges.endedWithoutSuccessor.every((u) => u.level === 'WARD' && u.asOf === '2024-12-31')).toBe(true);
    expect(merges.endedWithoutSuccessor.find((u) => u.code === '00010')).toMatchObject({
      name: 'Phường Nguyễn Trung Trực',
      key: '00010@2021-07-01',
    });
    expect(abolition.endedWithoutSuccessor).toHaveLength(30);
    expect(new Set(abolition.endedWithoutSuccessor.map((u) => u.level))).toEqual(new Set(['DISTRICT']));
  });

  it('keeps 00008 of 2025-06-30 (Phường Liễu Giai) and of 2025-07-01 (Phường Ngọc Hà) apart, each with its own links', async () => {
    const before = await unitLinks(city.graphql, '00008', '2025-06-30');
    const after = await unitLinks(city.graphql, '00008', '2025-07-01');
    expect(before.predecessors).toEqual([]);
    expect(before.successors).toHaveLength(1);
    const [out] = before.successors;
    expect(out).toMatchObject({ kind: 'FULL', derivation: 'source-file', event: { effectiveDate: '2025-07-01' } });
    expect(out.from).toMatchObject({
      key: '00008@2021-07-01',
      code: '00008',
      name: 'Phường Liễu Giai',
      asOf: '2025-06-30',
      validTo: '2025-07-01',
    });
    expect(out.to).toMatchObject({ key: '00008@2025-07-01', code: '00008', name: 'Phường Ngọc Hà', asOf: '2025-07-01', validTo: null });
    expect(after.successors).toEqual([]);
    expect(after.predecessors.map((l) => l.to.key)).toEqual(Array(8).fill('00008@2025-07-01'));
    expect(after.predecessors.map((l) => `${l.from.code} ${l.kind}`)).toEqual([
      '00006 FULL',
      '00007 PARTIAL',
      '00008 FULL',
      '00016 PARTIAL',
      '00022 PARTIAL',
      '00025 PARTIAL',
      '00028 PARTIAL',
      '00157 PARTIAL',
    ]);
    // The old Phường Ngọc Hà was 00016, another unit again.
    expect(after.predecessors.find((l) => l.from.code === '00016')!.from).toMatchObject({
      key: '00016@2021-07-01',
      name: 'Phường Ngọc Hà',
    });
  });

  it('gives the new Xã Kim Anh (00382) exactly three FULL predecessors of the 2025-01-01 era', async () => {
    const { predecessors } = await unitLinks(district.graphql, '00382', '2025-07-01');
    expect(predecessors.map((l) => [l.from.code, l.from.name, l.kind, l.from.asOf])).toEqual([
      ['00382', 'Xã Minh Trí', 'FULL', '2025-06-30'],
      ['00397', 'Xã Minh Phú', 'FULL', '2025-06-30'],
      ['00415', 'Xã Tân Dân', 'FULL', '2025-06-30'],
    ]);
    expect(predecessors.every((l) => l.to.name === 'Xã Kim Anh' && l.event.resolution === '1656/NQ-UBTVQH15')).toBe(true);
    // Minh Trí's own 00382 is another unit, whose successor is Kim Anh.
    expect((await unitLinks(district.graphql, '00382', '2025-06-30')).successors.map((l) => l.to.key)).toEqual(['00382@2025-07-01']);
  });

  it('gives the new Xã Sóc Sơn (00376) PARTIAL predecessors beside its FULL ones', async () => {
    const { predecessors } = await unitLinks(city.graphql, '00376', '2025-07-01');
    expect(predecessors.filter((l) => l.kind === 'PARTIAL').map((l) => l.from.name)).toEqual([
      'Xã Quang Tiến',
      'Xã Mai Đình',
      'Xã Phú Minh',
    ]);
    expect(predecessors.filter((l) => l.kind === 'FULL').map((l) => l.from.code)).toContain('00376');
  });

  it('marks a 2025-01-01 link read from the names with its rule and evidence', async () => {
    const { successors } = await unitLinks(city.graphql, '00220', '2024-12-31');
    expect(successors).toHaveLength(1);
    expect(successors[0]).toMatchObject({
      kind: 'FULL',
      derivation: 'name-contains-predecessor',
      from: { code: '00220', name: 'Phường Phương Liên', validTo: '2025-01-01' },
      to: { key: '00226@2021-07-01', code: '00226', name: 'Phường Phương Liên - Trung Tự', asOf: '2025-01-01' },
      event: { resolution: '1286/NQ-UBTVQH15', effectiveDate: '2025-01-01' },
    });
    expect(successors[0].evidence).toContain('Phương Liên - Trung Tự');
    const into = await unitLinks(city.graphql, '00226', '2025-01-01');
    expect(into.predecessors.map((l) => l.from.code)).toEqual(['00220']);
  });
});

describe('an administrator records a missing link', () => {
  const CHANG_SON = { fromCode: '09985', fromDate: '2024-12-31', toCode: '09973', toDate: '2025-01-01', kind: 'FULL' };

  it('refuses district staff, city staff and the viewer (FORBIDDEN), writing nothing', async () => {
    for (const who of ['d009', 'city', 'viewer'] as const)
      await refused(() => gql(district.graphql, RECORD, { input: CHANG_SON }, tokens[who]), 'FORBIDDEN');
  });

  it('refuses a code that names nothing on its date, naming the field and the date', async () => {
    await refused(
      () => gql(district.graphql, RECORD, { input: { ...CHANG_SON, fromCode: '09985', fromDate: '2025-01-01' } }, tokens.admin),
      'BAD_USER_INPUT',
      'input.fromCode',
      /^Không có đơn vị hành chính mã "09985" vào ngày 01\/01\/2025/,
    );
    await refused(
      () => gql(district.graphql, RECORD, { input: { ...CHANG_SON, toCode: '99999' } }, tokens.admin),
      'BAD_USER_INPUT',
      'input.toCode',
      /mã "99999" vào ngày 01\/01\/2025/,
    );
  });

  it('refuses a unit its own successor, and a link that makes a cycle', async () => {
    // 00226 kept its code and its identity on 2025-01-01.
    await refused(
      () =>
        gql(
          district.graphql,
          RECORD,
          { input: { fromCode: '00226', fromDate: '2024-12-31', toCode: '00226', toDate: '2025-01-01', kind: 'FULL' } },
          tokens.admin,
        ),
      'BAD_USER_INPUT',
      'input.toCode',
      /chính nó/,
    );
    // 00220 → 00226 is seeded: 00226 → 00220 would close a cycle.
    await refused(
      () =>
        gql(
          district.graphql,
          RECORD,
          { input: { fromCode: '00226', fromDate: '2025-01-01', toCode: '00220', toDate: '2024-12-31', kind: 'PARTIAL' } },
          tokens.admin,
        ),
      'BAD_USER_INPUT',
      'input.toCode',
      /vòng/,
    );
  });

  it('records it: the link appears on both units and in the event, derivation administrator, with its audit entry', async () => {
    const before = await state();
    const { recordUnitLink } = await gqlOk(district.graphql, RECORD, { input: CHANG_SON }, tokens.admin);
    expect(recordUnitLink).toMatchObject({
      kind: 'FULL',
      derivation: 'administrator',
      from: { key: '09985@2021-07-01', name: 'Xã Chàng Sơn' },
      to: { key: '09973@2021-07-01', code: '09973' },
      event: { effectiveDate: '2025-01-01' },
    });
    const after = await state();
    expect(after['hierarchy.unit_link'].rows).toBe(before['hierarchy.unit_link'].rows + 1);
    expect(after['district.audit_log'].rows).toBe(before['district.audit_log'].rows + 1);
    expect((await unitLinks(city.graphql, '09985', '2024-12-31')).successors.map((l) => [l.to.code, l.derivation])).toEqual([
      ['09973', 'administrator'],
    ]);
    expect((await unitLinks(city.graphql, '09973', '2025-01-01')).predecessors.map((l) => l.from.code)).toEqual(['09985']);
    const { reorganisationEvents } = await gqlOk(city.graphql, EVENTS, { c: '09985' }, tokens.viewer);
    expect(reorganisationEvents[0].links.map((l: Link) => l.derivation)).toEqual(['administrator']);
    const ended = (await gqlOk(city.graphql, ENDED, {}, tokens.viewer)).reorganisationEvents[0].endedWithoutSuccessor as Side[];
    expect(ended.map((u) => u.code)).not.toContain('09985');
    expect(ended).toHaveLength(23);
    const [entry, ...more] = await adminAuditOf(stack, 'unit-link:');
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      username: 'admin',
      action: 'UNIT_LINK_RECORD',
      subject: 'unit-link:09985@2021-07-01>09973@2021-07-01',
      unitCode: '09973',
    });
    expect(entry.changes.after).toMatchObject({ event: '2025-01-01', kind: 'full', from: { code: '09985' } });
  });

  it('refuses the same link again, and a second link out of a unit that went whole into one', async () => {
    await refused(
      () => gql(district.graphql, RECORD, { input: CHANG_SON }, tokens.admin),
      'BAD_USER_INPUT',
      'input.toCode',
      /Đã có liên kết/,
    );
    await refused(
      () => gql(district.graphql, RECORD, { input: { ...CHANG_SON, toCode: '09976', kind: 'PARTIAL' } }, tokens.admin),
      'BAD_USER_INPUT',
      'input.kind',
    );
  });

  it('a second prepare writes nothing, and leaves the recorded link alone', async () => {
    const before = await state();
    const [{ xmax }] = (await db.query(`SELECT max(xmin::text::bigint) AS xmax FROM hierarchy.unit_link`)).rows;
    await prepareAgain(stack);
    expect(await state()).toEqual(before);
    expect((await db.query(`SELECT max(xmin::text::bigint) AS xmax FROM hierarchy.unit_link`)).rows[0].xmax).toBe(xmax);
  });
});
