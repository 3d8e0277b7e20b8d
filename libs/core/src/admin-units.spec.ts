import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type AdminUnitsFile, COUNCIL_ABOLITIONS, unitsFromDataFile } from './admin-units.js';
import { CouncilLevel } from './levels.js';

const load = (name: string) => JSON.parse(readFileSync(join(process.cwd(), 'data', name), 'utf8')) as AdminUnitsFile;
const hasCouncilOn = (u: { councilFrom: string | null; councilTo: string | null }, d: string) =>
  !!u.councilFrom && u.councilFrom <= d && (!u.councilTo || u.councilTo > d);

describe('unitsFromDataFile', () => {
  const hanoi = unitsFromDataFile(load('hanoi-admin-units.json'), 'data/hanoi-admin-units.json');

  it('reads Hanoi as 1 + 30 + 579 units with their parents', () => {
    expect(hanoi).toHaveLength(610);
    expect(hanoi.filter((u) => u.level === CouncilLevel.DISTRICT)).toHaveLength(30);
    expect(hanoi.filter((u) => u.level === CouncilLevel.WARD)).toHaveLength(579);
    expect(hanoi.find((u) => u.code === '00001')).toMatchObject({
      name: 'Phường Phúc Xá',
      parentCode: '001',
      rootCode: '01',
      kind: 'phuong',
    });
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
    expect(
      hasCouncilOn(
        vn.find((u) => u.code === '79')!,
        '2024-01-01',
      ),
    ).toBe(true);
    expect(vn.filter((u) => u.rootCode === '79' && u.kind === 'quan').every((u) => !hasCouncilOn(u, '2024-01-01'))).toBe(true);
    expect(vn.filter((u) => u.rootCode === '79' && u.kind === 'huyen').every((u) => hasCouncilOn(u, '2024-01-01'))).toBe(true);
  });

  it('records where each row comes from and from when, and the shape of a city file', () => {
    const file: AdminUnitsFile = {
      source: 'GSO',
      asOf: '2024-10-01',
      city: { code: '01', name: 'Thành phố Hà Nội' },
      districts: [{ code: '001', name: 'Quận Ba Đình', type: 'quan', wards: [{ code: '00001', name: 'Phường Phúc Xá', type: 'phuong' }] }],
    };
    expect(unitsFromDataFile(file, 'data/x.json')).toEqual([
      {
        code: '01',
        name: 'Thành phố Hà Nội',
        level: CouncilLevel.CITY,
        kind: 'thanh_pho',
        parentCode: null,
        rootCode: '01',
        validFrom: '2020-03-01',
        validTo: null,
        councilFrom: '2020-03-01',
        councilTo: null,
        source: 'data/x.json (2024-10-01)',
      },
      {
        code: '001',
        name: 'Quận Ba Đình',
        level: CouncilLevel.DISTRICT,
        kind: 'quan',
        parentCode: '01',
        rootCode: '01',
        validFrom: '2020-03-01',
        validTo: null,
        councilFrom: '2020-03-01',
        councilTo: null,
        source: 'data/x.json (2024-10-01)',
      },
      {
        code: '00001',
        name: 'Phường Phúc Xá',
        level: CouncilLevel.WARD,
        kind: 'phuong',
        parentCode: '001',
        rootCode: '01',
        validFrom: '2020-03-01',
        validTo: null,
        councilFrom: '2020-03-01',
        councilTo: '2021-07-01',
        source: 'data/x.json (2024-10-01)',
      },
    ]);
  });

  it("ends the Đà Nẵng pilot's quận and phường councils, keeps its huyện and xã, and never the province's own", () => {
    const file: AdminUnitsFile = {
      source: 'GSO',
      asOf: '2024-10-01',
      provinces: [
        {
          code: '48',
          name: 'Thành phố Đà Nẵng',
          districts: [
            { code: '490', name: 'Quận Liên Chiểu', type: 'quan', wards: [{ code: '20194', name: 'Phường Hòa Hiệp Bắc', type: 'phuong' }] },
            { code: '497', name: 'Huyện Hòa Vang', type: 'huyen', wards: [{ code: '20278', name: 'Xã Hòa Bắc', type: 'xa' }] },
          ],
        },
        {
          code: '79',
          name: 'Thành phố Hồ Chí Minh',
          districts: [
            {
              code: '769',
              name: 'Thành phố Thủ Đức',
              type: 'thanh_pho',
              wards: [{ code: '26734', name: 'Phường Linh Xuân', type: 'phuong' }],
            },
          ],
        },
      ],
    };
    const to = Object.fromEntries(unitsFromDataFile(file, 'f').map((u) => [u.code, u.councilTo]));
    expect(to).toEqual({
      '48': null,
      '79': null,
      '490': '2021-07-01',
      '497': null,
      '20194': '2021-07-01',
      '20278': null,
      '769': '2020-07-01',
      '26734': '2020-07-01',
    });
  });

  it('refuses a file of neither shape, and units of the wrong kind for their level', () => {
    const bare = { source: 'GSO', asOf: '2024-10-01' };
    expect(() => unitsFromDataFile(bare, 'f')).toThrow('data file has neither "provinces" nor "city" + "districts"');
    expect(() => unitsFromDataFile({ ...bare, city: { code: '01', name: 'Thành phố Hà Nội' } }, 'f')).toThrow(/neither/);
    expect(() => unitsFromDataFile({ ...bare, provinces: [] }, 'f')).toThrow(/neither/);
    const province = (district: { code: string; name: string; type: string; wards: { code: string; name: string; type: string }[] }) => ({
      ...bare,
      provinces: [{ code: '01', name: 'Thành phố Hà Nội', districts: [district] }],
    });
    expect(() => unitsFromDataFile(province({ code: '001', name: 'Phường X', type: 'phuong', wards: [] }), 'f')).toThrow(
      'district 001 has kind phuong',
    );
    expect(() =>
      unitsFromDataFile(
        province({ code: '001', name: 'Quận X', type: 'quan', wards: [{ code: '00001', name: 'Huyện Y', type: 'huyen' }] }),
        'f',
      ),
    ).toThrow('ward 00001 has kind huyen');
    for (const type of ['quan', 'huyen', 'thi_xa', 'thanh_pho']) {
      expect(unitsFromDataFile(province({ code: '001', name: 'X', type, wards: [] }), 'f')).toHaveLength(2);
    }
  });

  it('cites the resolution behind each pilot', () => {
    expect(COUNCIL_ABOLITIONS.map((a) => [a.rootCode, a.law])).toEqual([
      ['01', 'Nghị quyết 97/2019/QH14'],
      ['48', 'Nghị quyết 119/2020/QH14'],
      ['79', 'Nghị quyết 131/2020/QH14'],
    ]);
  });
});
