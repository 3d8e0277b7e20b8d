import type { Bilingual } from '../errors.js';

/**
 * Which commune absorbed each commune that ended on 2025-01-01 (Resolution 1286/NQ-UBTVQH15)?
 * No data file says. What the files do show: the absorbing commune kept its own code, and 33 kept
 * codes took a new name that day, usually made of their predecessors' names. Two strict rules read
 * that evidence; anything else, or anything they find twice, stays unlinked for an administrator.
 */

/** A commune-level unit as one data file gives it: code, full Vietnamese name, district-level parent. */
export interface CommuneAt {
  code: string;
  name: string;
  districtCode: string;
  districtName: string;
}

/** How a 2025-01-01 link was known (see data/README.md). */
export type MergerRule =
  /** The absorbing commune's new name contains the ended commune's whole name. */
  | 'name-contains-predecessor'
  /** Every syllable the absorbing commune's name gained is found in exactly one ended commune's name. */
  | 'name-joins-predecessor-syllables';

export interface DerivedMerger {
  fromCode: string;
  toCode: string;
  rule: MergerRule;
  evidence: Bilingual;
}

export interface UnlinkedMerger {
  code: string;
  /** Kept communes some evidence points to, too weakly or too many to link: none, one or several. */
  candidates: string[];
}

const KIND_PREFIXES = ['Phường', 'Xã', 'Thị trấn'];
/** Tone marks (huyền, sắc, ngã, hỏi, nặng): combining characters after NFD. */
const TONE = /[\u0300\u0301\u0303\u0309\u0323]/g;

function baseName(name: string): string {
  const prefix = KIND_PREFIXES.find((p) => name.startsWith(p + ' '));
  return prefix ? name.slice(prefix.length + 1) : name;
}

/**
 * A syllable compared by its letters and its tone, wherever the tone mark sits: the files spell
 * both "Hoà" and "Hòa". "Hoa" and "Hòa" stay different syllables.
 */
export function syllableKey(syllable: string): string {
  const d = syllable.normalize('NFD').toLowerCase();
  const tones = d.match(TONE) ?? [];
  return d.replace(TONE, '').normalize('NFC') + tones.join('');
}

/** A name's parts (split at " - ", as in "Phương Liên - Trung Tự"), each as syllable keys. */
function parts(name: string): string[][] {
  return baseName(name)
    .split(/\s+-\s+/)
    .map((p) => p.split(/\s+/).filter(Boolean).map(syllableKey));
}

const syllables = (name: string) => parts(name).flat();

function containsRun(haystack: string[], needle: string[]): boolean {
  for (let i = 0; i + needle.length <= haystack.length; i++) if (needle.every((s, j) => haystack[i + j] === s)) return true;
  return false;
}

/** Whether `name` has `other`'s whole name as a run of syllables inside one of its parts. */
function nameContains(name: string, other: string): boolean {
  const needle = syllables(other);
  return parts(name).some((p) => containsRun(p, needle));
}

const quote = (s: string) => `“${s}”`;

/**
 * Links from the communes that ended on 2025-01-01 to the kept communes that absorbed them, from
 * names alone, within each district. `before` are the communes of 2024-12-31, `after` those of
 * 2025-01-01 (kept codes, new names). An ended commune gets a link only if exactly one kept commune is
 * pointed to by the rules together; otherwise it is unlinked, with the candidates found.
 */
export function deriveMergers(before: CommuneAt[], after: CommuneAt[]): { derived: DerivedMerger[]; unlinked: UnlinkedMerger[] } {
  const previous = new Map(before.map((c) => [c.code, c]));
  const keptCodes = new Set(after.map((c) => c.code));
  const ended = before.filter((c) => !keptCodes.has(c.code));
  const renamed = after.filter((c) => previous.get(c.code)!.name !== c.name);
  const sameDistrict = (a: CommuneAt) => (b: CommuneAt) => a.districtCode === b.districtCode;

  // Rule 1 looks at every kept commune of the district, renamed or not: a second one whose name
  // also contains the ended commune's name makes the evidence ambiguous.
  const containing = new Map<string, CommuneAt[]>();
  for (const e of ended) {
    containing.set(
      e.code,
      after.filter(sameDistrict(e)).filter((k) => nameContains(k.name, e.name)),
    );
  }

  // Rule 2: the syllables a renamed commune's name gained, each traced to the one ended commune that had it.
  const joined = new Map<string, { keptCode: string; syllables: string[] }[]>();
  const hinted = new Map<string, string[]>();
  const gainedBy = new Map<string, string[]>();
  for (const k of renamed) {
    const had = new Set(syllables(previous.get(k.code)!.name));
    const gained = [...new Set(syllables(k.name))].filter((s) => !had.has(s));
    gainedBy.set(k.code, gained);
    const endedHere = ended.filter(sameDistrict(k));
    const holders = gained.map((s) => endedHere.filter((e) => syllables(e.name).includes(s)));
    if (gained.length === 0 || holders.some((h) => h.length !== 1)) {
      // Not evidence, but a lead for the administrator (and a conflict for any other rule's link).
      for (const e of holders.flat()) hinted.set(e.code, [...(hinted.get(e.code) ?? []), k.code]);
      continue;
    }
    for (const [i, [e]] of holders.entries()) {
      const list = joined.get(e.code) ?? [];
      const entry = list.find((j) => j.keptCode === k.code);
      if (entry) entry.syllables.push(gained[i]);
      else list.push({ keptCode: k.code, syllables: [gained[i]] });
      joined.set(e.code, list);
    }
  }

  const current = new Map(after.map((c) => [c.code, c]));
  const derived: DerivedMerger[] = [];
  const unlinked: UnlinkedMerger[] = [];
  for (const e of ended) {
    const byName = containing.get(e.code)!;
    const bySyllables = joined.get(e.code) ?? [];
    const candidates = [
      ...new Set([...byName.map((k) => k.code), ...bySyllables.map((j) => j.keptCode), ...(hinted.get(e.code) ?? [])]),
    ].sort();
    const [only] = candidates;
    // A name that contains the ended one's is evidence only if it took some of it on the day.
    const nameNew = byName.length === 1 && syllables(e.name).some((s) => gainedBy.get(byName[0].code)?.includes(s));
    if (candidates.length !== 1 || (!nameNew && bySyllables.length === 0)) {
      unlinked.push({ code: e.code, candidates });
      continue;
    }
    const k = current.get(only)!;
    const was = previous.get(only)!.name;
    const district = e.districtName;
    if (nameNew) {
      const part = baseName(e.name);
      derived.push({
        fromCode: e.code,
        toCode: k.code,
        rule: 'name-contains-predecessor',
        evidence: {
          vi: `Ngày 01/01/2025 ${was} (${k.code}) đổi tên thành ${quote(k.name)}, chứa tên ${quote(part)}; không đơn vị cấp xã nào khác của ${district} có tên chứa tên này.`,
          en: `On 2025-01-01 ${was} (${k.code}) was renamed ${quote(k.name)}, which contains ${quote(part)}; no other commune of ${district} has a name containing it.`,
        },
      });
    } else {
      const taken = bySyllables[0].syllables
        .map((s) =>
          baseName(k.name)
            .split(/\s+/)
            .find((w) => syllableKey(w) === s)!,
        )
        .join(', ');
      derived.push({
        fromCode: e.code,
        toCode: k.code,
        rule: 'name-joins-predecessor-syllables',
        evidence: {
          vi: `Ngày 01/01/2025 ${was} (${k.code}) đổi tên thành ${quote(k.name)}; phần tên mới (${taken}) chỉ có trong tên ${e.name}, trong số các đơn vị của ${district} thôi tồn tại ngày đó, và mọi âm tiết mới của tên đều giải thích được như vậy.`,
          en: `On 2025-01-01 ${was} (${k.code}) was renamed ${quote(k.name)}; its new part (${taken}) is found only in ${e.name} among the communes of ${district} that ended that day, and every syllable the name gained is accounted for this way.`,
        },
      });
    }
  }
  return { derived, unlinked };
}
