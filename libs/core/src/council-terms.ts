import { termPeriod } from './period.js';
import { COUNCIL_TERMS } from './unit-history/unit-history.js';

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
