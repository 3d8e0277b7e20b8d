import { CouncilLevel, districtCodeOf, isWardKind, LEVEL_LABELS } from './levels.js';

describe('levels', () => {
  it('labels each council level in Vietnamese and English (briefing workbook headers)', () => {
    expect(LEVEL_LABELS).toEqual({
      CITY: { vi: 'HĐND thành phố', en: 'City council' },
      DISTRICT: { vi: 'HĐND cấp huyện', en: 'District-level councils' },
      WARD: { vi: 'HĐND cấp xã', en: 'Commune-level councils' },
    });
    expect(Object.values(CouncilLevel)).toEqual(['CITY', 'DISTRICT', 'WARD']);
  });

  it('knows the commune-level kinds: phường, xã, thị trấn', () => {
    expect(['phuong', 'xa', 'thi_tran'].every(isWardKind)).toBe(true);
    expect(['thanh_pho', 'tinh', 'quan', 'huyen', 'thi_xa', ''].some(isWardKind)).toBe(false);
  });

  it("names a unit's district: itself for a district, its parent for a commune, none for the city", () => {
    expect(districtCodeOf({ level: CouncilLevel.DISTRICT, code: '271', parentCode: '01', rootCode: '01' })).toBe('271');
    expect(districtCodeOf({ level: CouncilLevel.WARD, code: '09625', parentCode: '271', rootCode: '01' })).toBe('271');
    // From 2025-07-01 a commune sits directly under the city: no district.
    expect(districtCodeOf({ level: CouncilLevel.WARD, code: '00008', parentCode: '01', rootCode: '01' })).toBeNull();
    expect(districtCodeOf({ level: CouncilLevel.CITY, code: '01', parentCode: null, rootCode: '01' })).toBeNull();
    // The city has no district whatever its parent says.
    expect(districtCodeOf({ level: CouncilLevel.CITY, code: '01', parentCode: 'VN', rootCode: '01' })).toBeNull();
  });
});
