import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { CouncilLevel } from '../levels.js';
import { historySeedRows } from './history-seed-rows.js';
import { buildHanoiUnitHistory, HANOI_ERAS, type HanoiHistoryFiles } from './unit-history.js';

const read = <T>(path: string) => JSON.parse(readFileSync(join(process.cwd(), 'data', path), 'utf8')) as T;
const files: HanoiHistoryFiles = {
  units: read('hanoi-admin-units.json'),
  splits: read('reorganisation-2025/old-to-new.json'),
  merges: read('reorganisation-2025/new-from-old.json'),
};
const rows = historySeedRows(buildHanoiUnitHistory(files), 'test');
const holds = (r: { validFrom: string; validTo: string | null }, day: string) =>
  r.validFrom <= day && (r.validTo === null || day < r.validTo);
const on = (day: string) => rows.filter((r) => holds(r, day));
const councilOn = (day: string) =>
  on(day).filter((r) => r.councilFrom !== null && holds({ validFrom: r.councilFrom, validTo: r.councilTo }, day));
const count = (rs: typeof rows, level: CouncilLevel) => rs.filter((r) => r.level === level).length;

describe('Hanoi’s unit versions as council_unit rows', () => {
  it.each([
    [HANOI_ERAS[0].from, 30, 579, 404],
    ['2024-12-31', 30, 579, 404],
    [HANOI_ERAS[1].from, 30, 526, 366],
    [HANOI_ERAS[2].from, 0, 126, 126],
    ['2026-12-07', 0, 126, 126],
  ])('on %s: the city, %i districts, %i communes, %i commune councils', (day, districts, communes, councils) => {
    expect(count(on(day), CouncilLevel.CITY)).toBe(1);
    expect(count(on(day), CouncilLevel.DISTRICT)).toBe(districts);
    expect(count(on(day), CouncilLevel.WARD)).toBe(communes);
    expect(count(councilOn(day), CouncilLevel.WARD)).toBe(councils);
    expect(count(councilOn(day), CouncilLevel.DISTRICT)).toBe(districts);
  });

  it('gives a code one row on any day, and each row its parent on its first day', () => {
    const byCode = new Map<string, typeof rows>();
    for (const r of rows) byCode.set(r.code, [...(byCode.get(r.code) ?? []), r]);
    for (const [code, list] of byCode) {
      const sorted = [...list].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
      for (let i = 1; i < sorted.length; i++)
        expect({ code, overlaps: sorted[i - 1].validTo === null || sorted[i - 1].validTo! > sorted[i].validFrom }).toEqual({
          code,
          overlaps: false,
        });
    }
    for (const r of rows.filter((x) => x.parentCode)) {
      const parent = on(r.validFrom).find((p) => p.code === r.parentCode);
      expect({ code: r.code, from: r.validFrom, parent: parent?.level }).toEqual({
        code: r.code,
        from: r.validFrom,
        parent: r.level === CouncilLevel.WARD && r.validFrom < HANOI_ERAS[2].from ? CouncilLevel.DISTRICT : CouncilLevel.CITY,
      });
    }
  });

  it('ties every row to its identity, and 00466 to Nguyên Khê before 2025-07-01 and Phúc Thịnh after', () => {
    expect(rows.every((r) => r.unitKey.includes('@'))).toBe(true);
    const at = (day: string) => on(day).find((r) => r.code === '00466');
    expect(at('2024-06-30')).toMatchObject({ name: 'Xã Nguyên Khê', unitKey: '00466@2021-07-01', parentCode: '017' });
    expect(at('2025-07-01')).toMatchObject({ name: 'Xã Phúc Thịnh', unitKey: '00466@2025-07-01', parentCode: '01' });
  });
});
