import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unitsFromDataFile, type AdminUnitsFile } from './admin-units.js';
import { CouncilLevel } from './levels.js';

const load = (name: string) => JSON.parse(readFileSync(join(process.cwd(), 'data', name), 'utf8')) as AdminUnitsFile;
const hasCouncilOn = (u: { councilFrom: string | null; councilTo: string | null }, d: string) => !!u.councilFrom && u.councilFrom <= d && (!u.councilTo || u.councilTo > d);

describe('unitsFromDataFile', () => {
  const hanoi = unitsFromDataFile(load('hanoi-admin-units.json'), 'data/hanoi-admin-units.json');

  it('reads Hanoi as 1 + 30 + 579 units with their parents', () => {
    expect(hanoi).toHaveLength(610);
    expect(hanoi.filter((u) => u.level === CouncilLevel.DISTRICT)).toHaveLength(30);
    expect(hanoi.filter((u) => u.level === CouncilLevel.WARD)).toHaveLength(579);
    expect(hanoi.find((u) => u.code === '00001')).toMatchObject({ name: 'Phường Phúc Xá', parentCode: '001', rootCode: '01', kind: 'phuong' });
  });

  it('gives 404 commune-level councils in the 2021–2026 term: no phường council from 2021-07-01', () => {
    const wards = hanoi.filter((u) => u.level === CouncilLevel.WARD);
    expect(wards.filter((u) => hasCouncilOn(u, '2024-01-01'))).toHaveLength(404);
    expect(wards.filter((u) => hasCouncilOn(u, '2021-03-01'))).toHaveLength(579);
    expect(hanoi.filter((u) => u.level !== CouncilLevel.WARD).every((u) => hasCouncilOn(u, '2024-01-01'))).toBe(true);
  });

  it('reads the whole country as 63 provinces, 704 districts and 10,472 communes', () => {
    const vn = unitsFromDataFile(load('vietnam-admin-units.json'), 'data/vietnam-admin-units.json');
    expect(vn.filter((u) => u.level === CouncilLevel.CITY)).toHaveLength(63);
    expect(vn.filter((u) => u.level === CouncilLevel.DISTRICT)).toHaveLength(704);
    expect(vn.filter((u) => u.level === CouncilLevel.WARD)).toHaveLength(10472);
    // Hồ Chí Minh City's council stays; its quận and phường councils end on 2020-07-01.
    expect(hasCouncilOn(vn.find((u) => u.code === '79')!, '2024-01-01')).toBe(true);
    expect(vn.filter((u) => u.rootCode === '79' && u.kind === 'quan').every((u) => !hasCouncilOn(u, '2024-01-01'))).toBe(true);
    expect(vn.filter((u) => u.rootCode === '79' && u.kind === 'huyen').every((u) => hasCouncilOn(u, '2024-01-01'))).toBe(true);
  });
});
