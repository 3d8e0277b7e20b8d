import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { CouncilLevel } from '../levels.js';
import { buildHanoiUnitHistory, HANOI_ERAS, type HanoiHistoryFiles, type MergesFile, type UnitVersion } from './unit-history.js';

const read = <T>(path: string) => JSON.parse(readFileSync(join(process.cwd(), 'data', path), 'utf8')) as T;
const files: HanoiHistoryFiles = {
  units: read('hanoi-admin-units.json'),
  splits: read('reorganisation-2025/old-to-new.json'),
  merges: read('reorganisation-2025/new-from-old.json'),
};
const history = buildHanoiUnitHistory(files);
const [january, july] = history.events;

const count = (vs: UnitVersion[], f: (v: UnitVersion) => boolean) => vs.filter(f).length;
const wardsOn = (day: string) => history.unitsAt(day).filter((v) => v.level === CouncilLevel.WARD);
const byKind = (vs: UnitVersion[]) => Object.fromEntries(['phuong', 'xa', 'thi_tran'].map((k) => [k, count(vs, (v) => v.kind === k)]));

describe('Hanoi units over time', () => {
  it('has no unit before its history begins, on 2021-07-01', () => {
    expect(history.unitsAt('2021-06-30')).toEqual([]);
    expect(history.unitAt('01', '2021-06-30')).toBeUndefined();
  });

  it('2021-07-01 → 2024-12-31: 30 districts and 579 communes, 404 commune councils (phường have none)', () => {
    for (const day of ['2021-07-01', '2024-12-31']) {
      const all = history.unitsAt(day);
      const wards = wardsOn(day);
      expect(count(all, (v) => v.level === CouncilLevel.CITY)).toBe(1);
      expect(count(all, (v) => v.level === CouncilLevel.DISTRICT)).toBe(30);
      expect(byKind(wards)).toEqual({ phuong: 175, xa: 383, thi_tran: 21 });
      expect(count(wards, (v) => v.hasCouncil)).toBe(404);
      expect(wards.filter((v) => v.hasCouncil).every((v) => v.kind !== 'phuong')).toBe(true);
      expect(all.filter((v) => v.level !== CouncilLevel.WARD).every((v) => v.hasCouncil)).toBe(true);
    }
  });

  it('2025-01-01 → 2025-06-30: 30 districts and 526 communes, 366 councils, each commune under the district of its code', () => {
    const before = new Map(wardsOn('2024-12-31').map((v) => [v.code, v]));
    for (const day of ['2025-01-01', '2025-06-30']) {
      const wards = wardsOn(day);
      expect(count(history.unitsAt(day), (v) => v.level === CouncilLevel.DISTRICT)).toBe(30);
      expect(byKind(wards)).toEqual({ phuong: 160, xa: 345, thi_tran: 21 });
      expect(count(wards, (v) => v.hasCouncil)).toBe(366);
      for (const w of wards) {
        expect(w).toMatchObject({ parentCode: before.get(w.code)!.parentCode, parentKey: before.get(w.code)!.parentKey });
        // A kept code is the same unit, with a new version for the new era.
        expect(w.unitKey).toBe(before.get(w.code)!.unitKey);
      }
    }
    expect(count([...before.values()], (v) => !history.unitAt(v.code, '2025-01-01'))).toBe(53);
    expect(count(wardsOn('2025-01-01'), (w) => w.name !== before.get(w.code)!.name)).toBe(33);
  });

  it('from 2025-07-01: no district, 126 communes (51 phường, 75 xã) directly under the city, every one with a council', () => {
    for (const day of ['2025-07-01', '2026-03-15', '2031-06-30']) {
      const all = history.unitsAt(day);
      const wards = wardsOn(day);
      expect(count(all, (v) => v.level === CouncilLevel.DISTRICT)).toBe(0);
      expect(byKind(wards)).toEqual({ phuong: 51, xa: 75, thi_tran: 0 });
      expect(wards.every((v) => v.hasCouncil && v.parentCode === '01' && v.parentKey === history.unitAt('01', day)!.unitKey)).toBe(true);
    }
    expect(history.unitAt('001', '2025-06-30')?.name).toBe('Quận Ba Đình');
    expect(history.unitAt('001', '2025-07-01')).toBeUndefined();
  });

  it('keeps one city through the three eras', () => {
    const keys = HANOI_ERAS.map((e) => history.unitAt('01', e.from)!);
    expect(new Set(keys.map((v) => v.unitKey)).size).toBe(1);
    expect(keys.map((v) => [v.name, v.kind, v.level, v.hasCouncil])).toEqual(
      HANOI_ERAS.map(() => ['Thành phố Hà Nội', 'thanh_pho', CouncilLevel.CITY, true]),
    );
  });

  it('names a unit by code only with a date: 00008 was Phường Liễu Giai, is Phường Ngọc Hà, a different unit', () => {
    const lieuGiai = history.unitAt('00008', '2025-06-30')!;
    const ngocHa = history.unitAt('00008', '2025-07-01')!;
    expect(history.unitAt('00008', '2021-07-01')).toMatchObject({ name: 'Phường Liễu Giai', parentCode: '001', hasCouncil: false });
    expect(lieuGiai).toMatchObject({
      name: 'Phường Liễu Giai',
      nameEn: 'Lieu Giai Ward',
      kind: 'phuong',
      parentCode: '001',
      hasCouncil: false,
    });
    expect(ngocHa).toMatchObject({ name: 'Phường Ngọc Hà', nameEn: 'Ngoc Ha Ward', kind: 'phuong', parentCode: '01', hasCouncil: true });
    expect(ngocHa.unitKey).not.toBe(lieuGiai.unitKey);
    // The old Phường Ngọc Hà (00016) went partly into the new one.
    expect(july.links.filter((l) => l.toCode === '00008' && l.fromCode === '00016')).toMatchObject([
      { share: 'partial', fromName: 'Phường Ngọc Hà' },
    ]);
    expect(july.links.filter((l) => l.toCode === '00008' && l.fromCode === '00008')).toMatchObject([
      { share: 'full', fromName: 'Phường Liễu Giai' },
    ]);
  });

  it('renames 00226 Phường Trung Tự to Phường Phương Liên - Trung Tự on 2025-01-01, having absorbed Phường Phương Liên', () => {
    const before = history.unitAt('00226', '2024-12-31')!;
    const after = history.unitAt('00226', '2025-01-01')!;
    expect([before.name, after.name]).toEqual(['Phường Trung Tự', 'Phường Phương Liên - Trung Tự']);
    expect(after.unitKey).toBe(before.unitKey);
    expect(history.unitAt('00220', '2025-01-01')).toBeUndefined();
    expect(january.links.find((l) => l.fromCode === '00220')).toMatchObject({
      fromName: 'Phường Phương Liên',
      toCode: '00226',
      toKey: after.unitKey,
      share: 'full',
      derivation: 'name-contains-predecessor',
    });
  });

  it('gives each of the 53 codes ended on 2025-01-01 exactly one derived successor or lists it without one', () => {
    const ended = wardsOn('2024-12-31').filter((v) => !history.unitAt(v.code, '2025-01-01'));
    const linked = january.links.map((l) => l.fromCode);
    const unlinked = january.endedWithoutSuccessor.map((u) => u.code);
    expect(new Set(linked).size).toBe(linked.length);
    expect([...linked, ...unlinked].sort()).toEqual(ended.map((v) => v.code).sort());
    expect(january.resolution.number).toBe('1286/NQ-UBTVQH15');
    expect(january.effectiveFrom).toBe('2025-01-01');
    for (const l of january.links) {
      expect(['name-contains-predecessor', 'name-joins-predecessor-syllables']).toContain(l.derivation);
      expect(l.evidence!.vi).toContain(l.toName);
      expect(l.evidence!.en).toContain(l.toName);
      // The successor is a kept commune of the same district, renamed that day.
      const from = history.unitAt(l.fromCode, '2024-12-31')!;
      const to = history.unitAt(l.toCode, '2025-01-01')!;
      expect(to.parentCode).toBe(from.parentCode);
      expect(history.unitAt(l.toCode, '2024-12-31')!.name).not.toBe(to.name);
    }
    // What the rules find in the data, pinned: a change to a rule shows here.
    expect(
      Object.fromEntries(january.links.map((l) => [l.fromCode, [l.toCode, l.derivation === 'name-contains-predecessor' ? 1 : 2]])),
    ).toEqual({
      '00184': ['00181', 1], // Quốc Tử Giám → Văn Miếu - Quốc Tử Giám
      '00220': ['00226', 1], // Phương Liên → Phương Liên - Trung Tự
      '00223': ['00235', 1], // Thịnh Quang → (Ngã Tư Sở) Thịnh Quang
      '00286': ['00292', 1], // Bạch Mai → (Quỳnh Lôi) Bạch Mai
      '00361': ['00373', 1], // Hạ Đình → (Kim Giang) Hạ Đình
      '09550': ['09538', 1], // Hà Đông: Quang Trung → (Nguyễn Trãi) Quang Trung
      '09580': ['09574', 1], // Ngô Quyền → (Lê Lợi) Ngô Quyền
      '10177': ['10174', 1], // Xuân Dương → (Cao Dương) Cao Xuân Dương
      '10297': ['10291', 1], // Văn Hoàng → (Đại Thắng) Văn Hoàng
      '10309': ['10312', 1], // Nam Phong → (Nam Triều) Nam Phong
      '10408': ['10402', 1], // Trầm Lộng → (Hòa Lâm) Trầm Lộng
      '00559': ['00562', 2], // Phú Thị → (Kim Sơn) Phú Sơn
      '00586': ['00589', 2], // Kim Lan → (Văn Đức) Kim Đức
      '09631': ['09646', 2], // Tản Hồng → (Phú Phương) Phú Hồng
      '09718': ['09724', 2], // Vân Hà → (Vân Nam) Nam Hà
      '09754': ['09742', 2], // Tích Giang → (Thọ Lộc) Tích Lộc
      '09748': ['09745', 2], // Thượng Cốc → (Long Xuyên) Long Thượng
      '09901': ['09904', 2], // Phượng Cách → (Yên Sơn) Phượng Sơn
      '09913': ['09928', 2], // Liệp Tuyết → (Nghĩa Hương) Liệp Nghĩa
      '10093': ['10096', 2], // Hồng Phong → (Đồng Phú) Hồng Phú
      '10111': ['10108', 2], // Phú Nam An → (Hòa Chính) Hòa Phú
      '10252': ['10264', 2], // Thống Nhất → (Vạn Điểm) Vạn Nhất
      '10306': ['10318', 2], // Phú Xuyên: Quang Trung → (Sơn Hà) Quang Hà
      '10372': ['10378', 2], // Cao Thành → (Sơn Công) Cao Sơn Tiến
      '10381': ['10378', 2], // Đồng Tiến → (Sơn Công) Cao Sơn Tiến
      '10420': ['10435', 2], // Đội Bình → (Lưu Hoàng) Bình Lưu Quang
      '10438': ['10435', 2], // Hồng Quang → (Lưu Hoàng) Bình Lưu Quang
      '10456': ['10459', 2], // Mỹ Thành → (Bột Xuyên) Mỹ Xuyên
      '10486': ['10483', 2], // Đốc Tín → (Vạn Kim) Vạn Tín
    });
    // Ứng Hòa's Hoa Viên gained "Viên", which both Viên An and Viên Nội had, and Thái Hòa "Hòa", which Hòa Xá and
    // Hòa Nam had; Thạch Thất's Lam Sơn gained "Lam", which no ended commune had. Leads, not links.
    expect(january.endedWithoutSuccessor.filter((u) => u.candidates.length > 0).map((u) => [u.code, u.name, u.candidates])).toEqual([
      ['09985', 'Xã Chàng Sơn', ['09973']],
      ['10357', 'Xã Viên An', ['10363']],
      ['10360', 'Xã Viên Nội', ['10363']],
      ['10405', 'Xã Hòa Xá', ['10396']],
      ['10414', 'Xã Hòa Nam', ['10396']],
    ]);
    expect(january.endedWithoutSuccessor).toHaveLength(24);
  });

  it('links every commune of 2025-06-30 to the communes of 2025-07-01 as the source files say, full or partial', () => {
    const raw = (files.merges as MergesFile).data.find((p) => p.level1_id === '01')!.level2s;
    const expected = raw.flatMap((n) => n.merges.map((m) => `${m.old_id}→${n.level2_id}:${m.type}`)).sort();
    expect(july.links.map((l) => `${l.fromCode}→${l.toCode}:${l.share}`).sort()).toEqual(expected);
    expect(july.links).toHaveLength(796);
    expect(july.links.every((l) => l.derivation === 'source-file')).toBe(true);
    expect(july.links.filter((l) => l.share === 'full')).toHaveLength(326);
    const old = wardsOn('2025-06-30');
    for (const l of july.links) {
      expect(l.fromKey).toBe(history.unitAt(l.fromCode, '2025-06-30')!.unitKey);
      expect(l.toKey).toBe(history.unitAt(l.toCode, '2025-07-01')!.unitKey);
    }
    expect(new Set(july.links.map((l) => l.fromCode)).size).toBe(old.length);
    expect(new Set(july.links.map((l) => l.toCode)).size).toBe(126);
    // An old commune that went whole into one new commune went nowhere else.
    const targets = (code: string) => july.links.filter((l) => l.fromCode === code).length;
    expect(july.links.filter((l) => l.share === 'full').every((l) => targets(l.fromCode) === 1)).toBe(true);
    expect(count(old, (v) => targets(v.code) > 1)).toBe(200);
    // So every commune of 2025-07-01 is a new unit: none is exactly one old commune, whole.
    const sources = (code: string) => july.links.filter((l) => l.toCode === code);
    expect(wardsOn('2025-07-01').filter((v) => sources(v.code).length === 1 && sources(v.code)[0].share === 'full')).toEqual([]);
    expect(july).toMatchObject({ effectiveFrom: '2025-07-01', resolution: { number: '1656/NQ-UBTVQH15' } });
    expect(july.alongside).toContain('Nghị quyết 203/2025/QH15');
    expect(july.endedWithoutSuccessor.map((u) => [u.code, u.level])).toEqual(
      files.units.districts!.map((d) => [d.code, CouncilLevel.DISTRICT]),
    );
  });

  it('dates the council terms: 2021–2026 (city khóa XVI) until the election of 2026-03-15', () => {
    expect(history.terms.map((t) => [t.label, t.electedOn, t.to, t.cityTermNumber])).toEqual([
      ['2021–2026', '2021-05-23', '2026-03-15', 'XVI'],
      ['2026–2031', '2026-03-15', null, 'XVII'],
    ]);
  });

  it('refuses files that disagree with each other', () => {
    const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
    const merges = copy(files.merges);
    merges.data.find((p) => p.level1_id === '01')!.level2s[0].merges.push({ old_id: '10486', name: 'Xã Đốc Tín', type: 'partial' });
    expect(() => buildHanoiUnitHistory({ ...files, merges })).toThrow('new-from-old.json: 00004 from 10486');
    const splits = copy(files.splits);
    splits.data.find((p) => p.level1_id === '01')!.level3s[0].splits.push({ new_id: '00008', name: 'Phường Ngọc Hà' });
    expect(() => buildHanoiUnitHistory({ ...files, splits })).toThrow('old-to-new.json has 797 links, new-from-old.json 796');
    const stranger = copy(files.splits);
    stranger.data.find((p) => p.level1_id === '01')!.level3s[0].level3_id = '99999';
    expect(() => buildHanoiUnitHistory({ ...files, splits: stranger })).toThrow('old-to-new.json: commune 99999');
    expect(() => buildHanoiUnitHistory({ ...files, merges: { data: [] } })).toThrow('new-from-old.json has no Hanoi');
  });
});
