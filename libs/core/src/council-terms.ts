import { nextQuarter, quarterOfDate, quarterStart, termPeriod, vietnamDate } from './period.js';
import { COUNCIL_TERMS, type UnitHistory } from './unit-history/unit-history.js';

/**
 * The terms the seed gives every council, as statistics periods name them: the country elects all its People's
 * Councils on one day, so a term's dates are the election days of the pure history (COUNCIL_TERMS). Administrators
 * correct a council's own dates and number through `setCouncilTerm`.
 */
export const SEEDED_TERMS: readonly { code: string; from: string; to: string | null }[] = COUNCIL_TERMS.map((t) => ({
  code: termPeriod(Number(t.electedOn.slice(0, 4))).code,
  from: t.electedOn,
  to: t.to,
}));

/**
 * The term numbers (khóa) the sources give (DOMAIN.md: the city's XVI, Thanh Xuân's VI, Hai Bà Trưng's XX; the city's
 * next term is the next number, XVII). Every other council's stays null until an administrator sets it: a number
 * counts a council's terms from its first, which no file here records.
 */
export const KNOWN_TERM_NUMBERS: readonly { unitCode: string; term: string; number: number }[] = [
  { unitCode: '01', term: 'NK2021-2026', number: 16 },
  { unitCode: '01', term: 'NK2026-2031', number: 17 },
  { unitCode: '009', term: 'NK2021-2026', number: 6 },
  { unitCode: '007', term: 'NK2021-2026', number: 20 },
];

/** One council's term as the seed writes it, keyed by the code the unit bore when the term began. */
export interface SeededCouncilTerm {
  unitCode: string;
  termCode: string;
  number: number | null;
  from: string;
  to: string | null;
}

/**
 * Every council's terms from the unit history: a unit gets a term when it has a council on the first day of the term's
 * first whole quarter (Hanoi's phường, whose councils ended on 2021-07-01, were not elected for 2021–2026), and the
 * term ends when that council does, if sooner: a district's 2021–2026 term ends on 2025-07-01 with the district level,
 * a commune merged on 2025-01-01 ends then, and neither has a 2026–2031 term. The communes formed on 2025-07-01 served
 * out 2021–2026 under codes an older commune had borne; keyed by code, their part of that term waits for terms keyed by
 * unit identity (docs/design/units-over-time.md, step 3).
 */
export function seededCouncilTerms(history: Pick<UnitHistory, 'units'>): SeededCouncilTerm[] {
  const rows: SeededCouncilTerm[] = [];
  for (const term of SEEDED_TERMS) {
    const day = firstWholeQuarterDay(term.from);
    for (const unit of history.units) {
      const at = unit.versions.findIndex((v) => v.hasCouncil && v.from <= day && (v.to === null || day < v.to));
      if (at < 0) continue;
      // The council lasts through the unit's following versions while each still has one, edge to edge.
      let end = unit.versions[at].to;
      for (let i = at + 1; end !== null && i < unit.versions.length && unit.versions[i].hasCouncil && unit.versions[i].from === end; i++)
        end = unit.versions[i].to;
      const code = unit.versions[at].code;
      rows.push({
        unitCode: code,
        termCode: term.code,
        number: KNOWN_TERM_NUMBERS.find((k) => k.unitCode === code && k.term === term.code)?.number ?? null,
        from: term.from,
        to: end === null ? term.to : term.to === null || end < term.to ? end : term.to,
      });
    }
  }
  return rows;
}

/** The first day of the first quarter that lies wholly after `day` began (2021-05-23 → 2021-07-01; 2021-07-01 → itself). */
export function firstWholeQuarterDay(day: string): string {
  const q = quarterOfDate(day);
  const start = vietnamDate(quarterStart(q));
  return start === day ? day : vietnamDate(quarterStart(nextQuarter(q)));
}
