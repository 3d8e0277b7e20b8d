import { CouncilLevel, isWardKind, LEVEL_LABELS } from './levels.js';

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
});
