/** Levels of the People's Council hierarchy (cấp tỉnh / cấp huyện / cấp xã). */
export enum CouncilLevel {
  CITY = 'CITY',
  DISTRICT = 'DISTRICT',
  WARD = 'WARD',
}

/** Kinds of administrative unit, as GSO names them (the prefix of the full name). */
/** `thanh_pho` is both a province-level city (Hà Nội) and a provincial city at district level; the level says which. */
export type UnitKind = 'thanh_pho' | 'tinh' | 'quan' | 'huyen' | 'thi_xa' | 'phuong' | 'xa' | 'thi_tran';

export const LEVEL_LABELS: Record<CouncilLevel, { vi: string; en: string }> = {
  [CouncilLevel.CITY]: { vi: 'HĐND thành phố', en: 'City council' },
  [CouncilLevel.DISTRICT]: { vi: 'HĐND cấp huyện', en: 'District-level councils' },
  [CouncilLevel.WARD]: { vi: 'HĐND cấp xã', en: 'Commune-level councils' },
};

const WARD_KINDS: ReadonlySet<string> = new Set(['phuong', 'xa', 'thi_tran']);

export function isWardKind(kind: string): boolean {
  return WARD_KINDS.has(kind);
}

/**
 * The district-level unit a unit belongs to: itself for a district, its parent for a commune under a district, none for
 * the city or a commune directly under it (every commune from 2025-07-01, when the district level ended).
 */
export function districtCodeOf(unit: {
  level: CouncilLevel | string;
  code: string;
  parentCode: string | null;
  rootCode: string;
}): string | null {
  if (unit.level === CouncilLevel.DISTRICT) return unit.code;
  if (unit.level === CouncilLevel.WARD && unit.parentCode !== unit.rootCode) return unit.parentCode;
  return null;
}
