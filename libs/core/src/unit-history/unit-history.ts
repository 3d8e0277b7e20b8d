import { type AdminUnitsFile, COUNCIL_ABOLITIONS } from '../admin-units.js';
import type { Bilingual } from '../errors.js';
import { CouncilLevel, type UnitKind } from '../levels.js';
import { kindFromName, unitNameEn } from '../names.js';
import { type CommuneAt, deriveMergers, type MergerRule } from './merger-evidence.js';

/**
 * Hanoi's units over time, from the data files (the caller reads and parses them; nothing here
 * touches the disk): three eras, the two reorganisations between them with links from old units to
 * new, and the council terms. A unit's key is not its code: codes are reused (`00008` was Phường
 * Liễu Giai, is Phường Ngọc Hà), so a code names a unit only together with a date.
 */

/** Shape of data/reorganisation-2025/old-to-new.json (dvhcvn/20250701 mapping/splits.json). */
export interface SplitsFile {
  data: {
    level1_id: string;
    name: string;
    level3s: { level3_id: string; name: string; splits: { new_id: string; name: string }[] }[];
  }[];
}

/** Shape of data/reorganisation-2025/new-from-old.json (dvhcvn/20250701 mapping/merges.json). */
export interface MergesFile {
  data: {
    level1_id: string;
    name: string;
    level2s: { level2_id: string; name: string; merges: { old_id: string; name: string; type: 'full' | 'partial' }[] }[];
  }[];
}

export interface HanoiHistoryFiles {
  /** data/hanoi-admin-units.json: the units of 2021-07-01 → 2024-12-31. */
  units: AdminUnitsFile;
  /** data/reorganisation-2025/old-to-new.json: the communes of 2025-01-01 → 2025-06-30, each with where it went. */
  splits: SplitsFile;
  /** data/reorganisation-2025/new-from-old.json: the communes from 2025-07-01, each with what it came from. */
  merges: MergesFile;
}

/** Dates are ISO days; an era or a version holds [from, to): `to` is the first day it no longer holds. */
export interface Era {
  from: string;
  to: string | null;
  label: Bilingual;
}

/**
 * The three eras the platform seeds. The units of the first were unchanged from 2020-03-01
 * (data/README.md), but its history starts with the urban-government pilot, when phường lost
 * their councils, so that "has a council" holds for the whole of each era.
 */
export const HANOI_ERAS: readonly [Era, Era, Era] = [
  {
    from: '2021-07-01',
    to: '2025-01-01',
    label: { vi: '01/07/2021 – 31/12/2024: ba cấp, 579 đơn vị cấp xã', en: '2021-07-01 – 2024-12-31: three levels, 579 communes' },
  },
  {
    from: '2025-01-01',
    to: '2025-07-01',
    label: { vi: '01/01/2025 – 30/06/2025: ba cấp, 526 đơn vị cấp xã', en: '2025-01-01 – 2025-06-30: three levels, 526 communes' },
  },
  {
    from: '2025-07-01',
    to: null,
    label: { vi: 'Từ 01/07/2025: hai cấp, 126 đơn vị cấp xã', en: 'From 2025-07-01: two levels, 126 communes' },
  },
];

/** From this day every commune-level unit, phường included, has a People's Council (Law 72/2025/QH15). */
const COUNCILS_EVERYWHERE_FROM = '2025-07-01';

export interface UnitVersion {
  /** The unit this version belongs to (its key, not its code). */
  unitKey: string;
  from: string;
  to: string | null;
  code: string;
  name: string;
  nameEn: string;
  kind: UnitKind;
  level: CouncilLevel;
  parentKey: string | null;
  parentCode: string | null;
  hasCouncil: boolean;
}

export interface HistoricUnit {
  /** `<code it first had>@<day its history here begins>`: stable, never reused. */
  key: string;
  /** One version per era it lived in, oldest first. */
  versions: UnitVersion[];
}

/** How a link from an old unit to a new one is known. */
export type LinkDerivation =
  /** Listed in data/reorganisation-2025/ (new-from-old.json with its full/partial, old-to-new.json agreeing). */
  | 'source-file'
  /** Read from the 2025-01-01 names by one of the rules of merger-evidence.ts. */
  | MergerRule
  /** Recorded by an administrator (through the API, audited), where no file gives it. */
  | 'administrator';

export interface ReorganisationLink {
  fromKey: string;
  fromCode: string;
  fromName: string;
  toKey: string;
  toCode: string;
  toName: string;
  /** Whether all of the old unit went into the new one, or part of it. */
  share: 'full' | 'partial';
  derivation: LinkDerivation;
  /** Why the link is believed, for a derived one. */
  evidence?: Bilingual;
}

export interface EndedUnit {
  key: string;
  code: string;
  name: string;
  level: CouncilLevel;
  /** Kept units the evidence points to, when it points to several (2025-01-01 only). */
  candidates: string[];
}

export interface ReorganisationEvent {
  effectiveFrom: string;
  resolution: { number: string; summary: Bilingual };
  /** Other acts that took effect with it. */
  alongside: string[];
  links: ReorganisationLink[];
  /** Units that end on this day with no successor linked: abolished, or their successor not yet recorded. */
  endedWithoutSuccessor: EndedUnit[];
}

export interface CouncilTerm {
  label: string;
  /** The day the councils of the term were elected; the term runs until the next one's. */
  electedOn: string;
  to: string | null;
  /** Hanoi city council's term number (khóa). */
  cityTermNumber: string | null;
  source: string;
}

export const COUNCIL_TERMS: readonly CouncilTerm[] = [
  {
    label: '2021–2026',
    // Not in DOMAIN.md or the seeds: the national election day set by Resolution 133/2020/QH14.
    electedOn: '2021-05-23',
    to: '2026-03-15',
    cityTermNumber: 'XVI',
    source: 'seeds/003 ("HĐND thành phố Hà Nội khóa XVI"); DOMAIN.md',
  },
  {
    label: '2026–2031',
    electedOn: '2026-03-15',
    to: null,
    // A council's terms are numbered in sequence: the one after XVI.
    cityTermNumber: 'XVII',
    source: 'DOMAIN.md ("the 2026–2031 councils were elected on 2026-03-15")',
  },
];

export interface UnitHistory {
  eras: readonly Era[];
  units: HistoricUnit[];
  events: ReorganisationEvent[];
  terms: readonly CouncilTerm[];
  /** The unit that bore `code` on `day`, as it was then; undefined if none did. */
  unitAt(code: string, day: string): UnitVersion | undefined;
  /** Every unit as it was on `day`: the city, then districts, then communes, each by code. */
  unitsAt(day: string): UnitVersion[];
}

const WARD_KINDS = ['phuong', 'xa', 'thi_tran'] as const;
const HANOI = '01';

const holds = (v: { from: string; to: string | null }, day: string) => v.from <= day && (v.to === null || day < v.to);

function hasCouncilIn(era: Era, level: CouncilLevel, kind: UnitKind): boolean {
  if (level === CouncilLevel.CITY || era.from >= COUNCILS_EVERYWHERE_FROM) return true;
  return !COUNCIL_ABOLITIONS.some((a) => a.rootCode === HANOI && a.kinds.includes(kind) && a.from <= era.from);
}

function hanoiOf<T extends { level1_id: string }>(file: { data: T[] }, name: string): T {
  const p = file.data.find((x) => x.level1_id === HANOI);
  if (!p) throw new Error(`${name} has no Hanoi (level1_id ${HANOI})`);
  return p;
}

function wardKind(name: string, where: string): UnitKind {
  const kind = kindFromName(name, WARD_KINDS);
  if (!kind) throw new Error(`${where}: "${name}" is not named as a phường, xã or thị trấn`);
  return kind;
}

const RESOLUTION_1286 = {
  number: '1286/NQ-UBTVQH15',
  summary: {
    vi: 'Sắp xếp đơn vị hành chính cấp xã của thành phố Hà Nội: 579 → 526 đơn vị cấp xã',
    en: "Reorganisation of Hanoi's commune-level units: 579 → 526",
  },
};
const RESOLUTION_1656 = {
  number: '1656/NQ-UBTVQH15',
  summary: {
    vi: 'Sắp xếp đơn vị hành chính cấp xã của thành phố Hà Nội: 526 → 126 đơn vị cấp xã trực thuộc thành phố',
    en: "Reorganisation of Hanoi's commune-level units: 526 → 126, directly under the city",
  },
};
/** Took effect with 1656: the district level abolished (203/2025/QH15); councils in every commune (72/2025/QH15). */
const ALONGSIDE_1656 = ['Nghị quyết 203/2025/QH15', 'Luật 72/2025/QH15', 'Nghị quyết 202/2025/QH15'];

/** Hanoi's units, eras and reorganisations from the data files; throws if the files disagree with each other. */
export function buildHanoiUnitHistory(files: HanoiHistoryFiles): UnitHistory {
  const [era1, era2, era3] = HANOI_ERAS;
  const city = files.units.city;
  const districts = files.units.districts;
  if (!city || city.code !== HANOI || !districts) throw new Error('units file is not Hanoi\'s ("city" 01 + "districts")');
  const splits = hanoiOf(files.splits, 'old-to-new.json').level3s;
  const merges = hanoiOf(files.merges, 'new-from-old.json').level2s;

  const units = new Map<string, HistoricUnit>();
  const add = (key: string, v: Omit<UnitVersion, 'unitKey' | 'nameEn'>): UnitVersion => {
    const version = { ...v, unitKey: key, nameEn: unitNameEn(v.name, v.kind) };
    const unit = units.get(key) ?? { key, versions: [] };
    unit.versions.push(version);
    units.set(key, unit);
    return version;
  };
  const keyOf = (code: string, era: Era) => `${code}@${era.from}`;
  const cityKey = keyOf(city.code, era1);
  for (const era of HANOI_ERAS) {
    add(cityKey, {
      from: era.from,
      to: era.to,
      code: city.code,
      name: city.name,
      kind: 'thanh_pho',
      level: CouncilLevel.CITY,
      parentKey: null,
      parentCode: null,
      hasCouncil: hasCouncilIn(era, CouncilLevel.CITY, 'thanh_pho'),
    });
  }

  // Eras 1 and 2: the districts of the units file, unchanged until the level is abolished.
  const before: CommuneAt[] = [];
  const districtOfWard = new Map<string, { code: string; name: string }>();
  for (const d of districts) {
    const key = keyOf(d.code, era1);
    for (const era of [era1, era2]) {
      const kind = d.type as UnitKind;
      add(key, {
        from: era.from,
        to: era.to,
        code: d.code,
        name: d.name,
        kind,
        level: CouncilLevel.DISTRICT,
        parentKey: cityKey,
        parentCode: city.code,
        hasCouncil: hasCouncilIn(era, CouncilLevel.DISTRICT, kind),
      });
    }
    for (const w of d.wards) {
      before.push({ code: w.code, name: w.name, districtCode: d.code, districtName: d.name });
      districtOfWard.set(w.code, d);
    }
  }
  const wardVersion = (code: string, name: string, era: Era, key: string, districtCode: string) => {
    const kind = wardKind(name, code);
    return add(key, {
      from: era.from,
      to: era.to,
      code,
      name,
      kind,
      level: CouncilLevel.WARD,
      parentKey: keyOf(districtCode, era1),
      parentCode: districtCode,
      hasCouncil: hasCouncilIn(era, CouncilLevel.WARD, kind),
    });
  };
  for (const c of before) wardVersion(c.code, c.name, era1, keyOf(c.code, era1), c.districtCode);

  // Era 2: each commune of old-to-new.json kept the code (and district) of one of era 1's.
  const after: CommuneAt[] = splits.map((s) => {
    const d = districtOfWard.get(s.level3_id);
    if (!d) throw new Error(`old-to-new.json: commune ${s.level3_id} (${s.name}) is not one of the units file's`);
    return { code: s.level3_id, name: s.name.trim(), districtCode: d.code, districtName: d.name };
  });
  const era2Version = new Map<string, UnitVersion>();
  for (const c of after) {
    if (era2Version.has(c.code)) throw new Error(`old-to-new.json lists ${c.code} twice`);
    const v = wardVersion(c.code, c.name, era2, keyOf(c.code, era1), c.districtCode);
    if (v.kind !== wardKind(before.find((b) => b.code === c.code)!.name, c.code)) throw new Error(`${c.code} changed kind on ${era2.from}`);
    era2Version.set(c.code, v);
  }
  const { derived, unlinked } = deriveMergers(before, after);
  const nameBefore = new Map(before.map((c) => [c.code, c.name]));
  const january: ReorganisationEvent = {
    effectiveFrom: era2.from,
    resolution: RESOLUTION_1286,
    alongside: [],
    // Assumed whole: the names show where a commune went, not whether all of it went there (data/README.md).
    links: derived.map((m) => ({
      fromKey: keyOf(m.fromCode, era1),
      fromCode: m.fromCode,
      fromName: nameBefore.get(m.fromCode)!,
      toKey: keyOf(m.toCode, era1),
      toCode: m.toCode,
      toName: era2Version.get(m.toCode)!.name,
      share: 'full',
      derivation: m.rule,
      evidence: m.evidence,
    })),
    endedWithoutSuccessor: unlinked.map((u) => ({
      key: keyOf(u.code, era1),
      code: u.code,
      name: nameBefore.get(u.code)!,
      level: CouncilLevel.WARD,
      candidates: u.candidates,
    })),
  };

  // Era 3: the resolution established every commune anew, directly under the city; the old ones and
  // the districts end (each era's version already ends with its era), linked to the new ones.
  const oldTargets = new Map(splits.map((s) => [s.level3_id, new Set(s.splits.map((x) => x.new_id))]));
  const links: ReorganisationLink[] = [];
  for (const n of merges) {
    if (units.has(keyOf(n.level2_id, era3))) throw new Error(`new-from-old.json lists ${n.level2_id} twice`);
    const name = n.name.trim();
    const kind = wardKind(name, n.level2_id);
    const v = add(keyOf(n.level2_id, era3), {
      from: era3.from,
      to: era3.to,
      code: n.level2_id,
      name,
      kind,
      level: CouncilLevel.WARD,
      parentKey: cityKey,
      parentCode: city.code,
      hasCouncil: hasCouncilIn(era3, CouncilLevel.WARD, kind),
    });
    for (const m of n.merges) {
      const old = era2Version.get(m.old_id);
      if (!old || !oldTargets.get(m.old_id)!.has(n.level2_id))
        throw new Error(`new-from-old.json: ${n.level2_id} from ${m.old_id}, which old-to-new.json does not send there`);
      links.push({
        fromKey: old.unitKey,
        fromCode: old.code,
        fromName: old.name,
        toKey: v.unitKey,
        toCode: v.code,
        toName: v.name,
        share: m.type,
        derivation: 'source-file',
      });
    }
  }
  const linkCount = [...oldTargets.values()].reduce((n, s) => n + s.size, 0);
  if (linkCount !== links.length) throw new Error(`old-to-new.json has ${linkCount} links, new-from-old.json ${links.length}`);
  const july: ReorganisationEvent = {
    effectiveFrom: era3.from,
    resolution: RESOLUTION_1656,
    alongside: ALONGSIDE_1656,
    links,
    endedWithoutSuccessor: districts.map((d) => ({
      key: keyOf(d.code, era1),
      code: d.code,
      name: d.name,
      level: CouncilLevel.DISTRICT,
      candidates: [],
    })),
  };

  const all = [...units.values()];
  const byCode = new Map<string, UnitVersion[]>();
  for (const v of all.flatMap((u) => u.versions)) byCode.set(v.code, [...(byCode.get(v.code) ?? []), v]);
  const order = [CouncilLevel.CITY, CouncilLevel.DISTRICT, CouncilLevel.WARD];
  return {
    eras: HANOI_ERAS,
    units: all,
    events: [january, july],
    terms: COUNCIL_TERMS,
    unitAt: (code, day) => byCode.get(code)?.find((v) => holds(v, day)),
    unitsAt: (day) =>
      all
        .map((u) => u.versions.find((v) => holds(v, day)))
        .filter((v): v is UnitVersion => !!v)
        .sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level) || a.code.localeCompare(b.code)),
  };
}
