/**
 * Units over time (issue 14), as far as it has landed: a code names a unit only together with a date. The
 * hierarchy is read as of a day (`asOf`, default today in Vietnam), each answer says which form of the unit it
 * describes (`validFrom`, `validTo`, `asOf`), and a code at a date where it names nothing is refused naming the date.
 * Hanoi's phường councils are the dated fact used here: they sat until 2021-07-01 (Resolution 97/2019/QH14).
 */
import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { errorCode, gql, gqlOk, tokenFor } from './support/graphql.js';

const UNIT =
  'query($c: String!, $d: Date) { councilUnit(code: $c, asOf: $d) { code name level hasCouncil validFrom validTo asOf parent { code asOf } } }';
const UNITS = 'query($p: String, $d: Date) { councilUnits(parentCode: $p, asOf: $d) { code kind hasCouncil asOf } }';

let api: RunningApp;
let token: string;

beforeAll(async () => {
  api = await startApp(DISTRICT_API);
  token = await tokenFor(api.graphql, 'viewer');
}, 60_000);
afterAll(() => api?.close());

describe('the hierarchy read as of a date', () => {
  it('answers a unit as it stood on the day asked, and says which day and which form that is', async () => {
    const then = (await gqlOk(api.graphql, UNIT, { c: '00001', d: '2021-06-30' }, token)).councilUnit;
    const now = (await gqlOk(api.graphql, UNIT, { c: '00001' }, token)).councilUnit;
    // An explicit null means today as well.
    expect((await gqlOk(api.graphql, UNIT, { c: '00001', d: null }, token)).councilUnit).toEqual(now);
    expect((await gqlOk(api.graphql, UNITS, { p: '001', d: null }, token)).councilUnits.length).toBeGreaterThan(10);
    expect(then).toMatchObject({ code: '00001', name: 'Phường Phúc Xá', level: 'WARD', hasCouncil: true, asOf: '2021-06-30' });
    expect(then.parent).toEqual({ code: '001', asOf: '2021-06-30' });
    // Today (whatever today is): no phường council in Hanoi since 2021-07-01.
    expect(now).toMatchObject({ code: '00001', hasCouncil: false, validFrom: then.validFrom, validTo: null });
    expect(now.asOf).not.toBe('2021-06-30');
    expect(Date.parse(now.asOf)).toBeGreaterThan(Date.parse('2021-07-01'));
  });

  it("lists a district's communes with their councils of that day: every phường had one on 30/06/2021, none the day after", async () => {
    const on = async (d: string) =>
      (await gqlOk(api.graphql, UNITS, { p: '001', d }, token)).councilUnits as { code: string; kind: string; hasCouncil: boolean }[];
    const before = await on('2021-06-30');
    const after = await on('2021-07-01');
    expect(before.length).toBeGreaterThan(10);
    expect(before.map((u) => u.code)).toEqual(after.map((u) => u.code));
    expect(before.every((u) => u.kind === 'phuong' && u.hasCouncil)).toBe(true);
    expect(after.some((u) => u.hasCouncil)).toBe(false);
  });

  it('answers nothing for a code on a day before the unit existed, and refuses such a parent naming the field and the date', async () => {
    const { validFrom } = (await gqlOk(api.graphql, UNIT, { c: '001' }, token)).councilUnit;
    const dayBefore = new Date(Date.parse(validFrom) - 86_400_000).toISOString().slice(0, 10);
    expect((await gqlOk(api.graphql, UNIT, { c: '001', d: dayBefore }, token)).councilUnit).toBeNull();
    const refused = await gql(api.graphql, UNITS, { p: '001', d: dayBefore }, token);
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors![0].extensions).toMatchObject({ field: 'parentCode' });
    const [y, m, d] = dayBefore.split('-');
    expect(refused.errors![0].message).toContain(`mã "001" vào ngày ${d}/${m}/${y}`);
  });

  it('refuses a date that is not a calendar day', async () => {
    for (const d of ['2021-02-30', '30/06/2021', '2021-6-30']) {
      const refused = await gql(api.graphql, UNIT, { c: '00001', d }, token);
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    }
  });
});
