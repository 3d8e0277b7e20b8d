import type { UnitSeedRow } from '../admin-units.js';
import { CouncilLevel } from '../levels.js';
import type { UnitHistory } from './unit-history.js';

/**
 * Hanoi's unit versions over the three eras as rows of `hierarchy.council_unit` (issue 14, C8 of
 * docs/design/units-over-time-landing.md): one row per version, valid over its era or the part of it the unit lasted,
 * its council over the same span where it had one, and its identity's key beside it to tie the row to
 * `hierarchy.unit`. Pure, so the counts per era are checked without a database; the seed writes them.
 */
export function historySeedRows(history: UnitHistory, source: string): (UnitSeedRow & { unitKey: string })[] {
  const city = history.units.find((u) => u.versions[0].level === CouncilLevel.CITY);
  if (!city) throw new Error('the history holds no city');
  const rootCode = city.versions[0].code;
  return history.units.flatMap((unit) =>
    unit.versions.map((v) => ({
      unitKey: v.unitKey,
      code: v.code,
      name: v.name,
      level: v.level,
      kind: v.kind,
      parentCode: v.parentCode,
      rootCode,
      validFrom: v.from,
      validTo: v.to,
      councilFrom: v.hasCouncil ? v.from : null,
      councilTo: v.hasCouncil ? v.to : null,
      source,
    })),
  );
}
