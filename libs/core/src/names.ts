import type { UnitKind } from './levels.js';

const KIND_PREFIX: Record<string, { vi: string; en: string }> = {
  thanh_pho: { vi: 'Thành phố', en: 'City' },
  tinh: { vi: 'Tỉnh', en: 'Province' },
  quan: { vi: 'Quận', en: 'Urban District' },
  huyen: { vi: 'Huyện', en: 'Rural District' },
  thi_xa: { vi: 'Thị xã', en: 'Town' },
  phuong: { vi: 'Phường', en: 'Ward' },
  xa: { vi: 'Xã', en: 'Commune' },
  thi_tran: { vi: 'Thị trấn', en: 'Township' },
};

/** Vietnamese letters folded to ASCII ("Đình" → "Dinh"), for English labels and search. */
export function foldVietnamese(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/** English label beside the official Vietnamese name: "Quận Thanh Xuân" → "Thanh Xuan Urban District". */
export function unitNameEn(name: string, kind: UnitKind | string): string {
  const prefix = KIND_PREFIX[kind];
  let base = name;
  if (prefix && name.startsWith(prefix.vi + ' ')) base = name.slice(prefix.vi.length + 1);
  base = foldVietnamese(base);
  return prefix ? `${base} ${prefix.en}` : base;
}

/** The kind a full Vietnamese name starts with ("Phường Ngọc Hà" → phuong), among the given kinds; undefined if none. */
export function kindFromName<K extends UnitKind>(name: string, kinds: readonly K[]): K | undefined {
  return kinds.find((k) => name.startsWith(KIND_PREFIX[k].vi + ' '));
}

/** The data files' `type` for a province-level unit is implied by its name. */
export function provinceKind(name: string): UnitKind {
  return name.startsWith('Thành phố') ? 'thanh_pho' : 'tinh';
}
