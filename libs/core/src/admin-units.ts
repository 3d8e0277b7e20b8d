import { CouncilLevel, isWardKind } from './levels.js';
import { provinceKind } from './names.js';

/** Shapes of data/hanoi-admin-units.json and data/vietnam-admin-units.json (see data/README.md). */
interface FileUnit {
  code: string;
  name: string;
  type: string;
}
interface FileDistrict extends FileUnit {
  wards: FileUnit[];
}
export interface AdminUnitsFile {
  source: string;
  asOf: string;
  city?: { code: string; name: string };
  districts?: FileDistrict[];
  provinces?: { code: string; name: string; districts: FileDistrict[] }[];
}

export interface UnitSeedRow {
  code: string;
  name: string;
  level: CouncilLevel;
  kind: string;
  parentCode: string | null;
  rootCode: string;
  validFrom: string;
  validTo: string | null;
  councilFrom: string | null;
  councilTo: string | null;
  source: string;
}

/** The data files describe units unchanged from this date until at least their asOf (data/README.md). */
export const DATA_VALID_FROM = '2020-03-01';

/**
 * Urban-government pilots: where a People's Council was abolished, and from
 * when. Hanoi (Resolution 97/2019/QH14): no council in phường from 2021-07-01.
 * Đà Nẵng (119/2020/QH14): none in quận or phường from 2021-07-01.
 * Hồ Chí Minh City (131/2020/QH14): none in quận, Thủ Đức city or phường from 2020-07-01.
 */
export const COUNCIL_ABOLITIONS: { rootCode: string; kinds: string[]; from: string; law: string }[] = [
  { rootCode: '01', kinds: ['phuong'], from: '2021-07-01', law: 'Nghị quyết 97/2019/QH14' },
  { rootCode: '48', kinds: ['quan', 'phuong'], from: '2021-07-01', law: 'Nghị quyết 119/2020/QH14' },
  { rootCode: '79', kinds: ['quan', 'thanh_pho', 'phuong'], from: '2020-07-01', law: 'Nghị quyết 131/2020/QH14' },
];

const DISTRICT_KINDS = new Set(['quan', 'huyen', 'thi_xa', 'thanh_pho']);

/** Pilots abolished councils below the province only; the province's own council stays. */
function councilDates(level: CouncilLevel, rootCode: string, kind: string): { councilFrom: string | null; councilTo: string | null } {
  const abolition =
    level === CouncilLevel.CITY ? undefined : COUNCIL_ABOLITIONS.find((a) => a.rootCode === rootCode && a.kinds.includes(kind));
  return { councilFrom: DATA_VALID_FROM, councilTo: abolition?.from ?? null };
}

/** Every unit of a data file as seed rows: roots first, then districts, then wards. */
export function unitsFromDataFile(file: AdminUnitsFile, sourceLabel: string): UnitSeedRow[] {
  const provinces = file.provinces ?? (file.city && file.districts ? [{ ...file.city, districts: file.districts }] : []);
  if (provinces.length === 0) throw new Error('data file has neither "provinces" nor "city" + "districts"');
  const rows: UnitSeedRow[] = [];
  const base = { validFrom: DATA_VALID_FROM, validTo: null, source: `${sourceLabel} (${file.asOf})` };
  for (const p of provinces) {
    const kind = provinceKind(p.name);
    rows.push({
      ...base,
      code: p.code,
      name: p.name,
      level: CouncilLevel.CITY,
      kind,
      parentCode: null,
      rootCode: p.code,
      ...councilDates(CouncilLevel.CITY, p.code, kind),
    });
  }
  for (const p of provinces) {
    for (const d of p.districts) {
      // A provincial city ("Thành phố Bắc Ninh") is district-level with kind thanh_pho, as the file types it.
      if (!DISTRICT_KINDS.has(d.type)) throw new Error(`district ${d.code} has kind ${d.type}`);
      rows.push({
        ...base,
        code: d.code,
        name: d.name,
        level: CouncilLevel.DISTRICT,
        kind: d.type,
        parentCode: p.code,
        rootCode: p.code,
        ...councilDates(CouncilLevel.DISTRICT, p.code, d.type),
      });
    }
  }
  for (const p of provinces) {
    for (const d of p.districts) {
      for (const w of d.wards) {
        if (!isWardKind(w.type)) throw new Error(`ward ${w.code} has kind ${w.type}`);
        rows.push({
          ...base,
          code: w.code,
          name: w.name,
          level: CouncilLevel.WARD,
          kind: w.type,
          parentCode: d.code,
          rootCode: p.code,
          ...councilDates(CouncilLevel.WARD, p.code, w.type),
        });
      }
    }
  }
  return rows;
}
