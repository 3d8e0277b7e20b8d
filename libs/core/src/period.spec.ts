import fc from 'fast-check';

import { KNOWN_TERM_NUMBERS, SEEDED_TERMS } from './council-terms.js';
import { InvalidInputError } from './errors.js';
import {
  checkYear,
  compareQuarters,
  deadlineInstant,
  defaultDueDate,
  hasStarted,
  isIsoDate,
  isLate,
  isQuarterPeriod,
  nextQuarter,
  parseCalendarPeriod,
  parsePeriod,
  parseQuarter,
  periodLabel,
  previousQuarter,
  quarterAt,
  quarterCode,
  quarterEnd,
  type QuarterPeriod,
  quarterPeriod,
  quartersOf,
  quarterStart,
  quarterStartDay,
  romanNumeral,
  termPeriod,
  termQuarters,
  vietnamDate,
  vietnameseDateText,
  yearPeriod,
} from './period.js';
import { COUNCIL_TERMS } from './unit-history/unit-history.js';

const quarterArb = fc
  .record({ year: fc.integer({ min: 2000, max: 2100 }), quarter: fc.integer({ min: 1, max: 4 }) })
  .map(({ year, quarter }) => quarterPeriod(year, quarter));

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('parsePeriod', () => {
  it('parses a quarter', () => {
    expect(parsePeriod('2024Q1')).toEqual({ kind: 'QUARTER', code: '2024Q1', year: 2024, quarter: 1 });
    expect(parsePeriod('2100Q4')).toEqual({ kind: 'QUARTER', code: '2100Q4', year: 2100, quarter: 4 });
  });

  it('parses a year', () => {
    expect(parsePeriod('2024')).toEqual({ kind: 'YEAR', code: '2024', year: 2024 });
    expect(parsePeriod('2000')).toEqual({ kind: 'YEAR', code: '2000', year: 2000 });
  });

  it.each([
    '2024Q5',
    '2024Q0',
    '2024q1',
    ' 2024Q1',
    '2024Q1 ',
    '2024-Q1',
    '2024 Q1',
    '24Q1',
    '02024',
    '2024Q12',
    'Q1 2024',
    '2024-01',
    '',
    'quý I/2024',
    '２０２４', // full-width digits: \d in JS regexes without /u matches ASCII only, kept strict
  ])('refuses %j with InvalidInputError naming the value', (bad) => {
    const e = catchError(() => parsePeriod(bad));
    expect(e).toBeInstanceOf(InvalidInputError);
    const err = e as InvalidInputError;
    expect(err.field).toBe('period');
    expect(err.message).toContain(`"${bad.replace(/\s+/g, ' ')}"`);
    expect(err.messageEn).toContain('Invalid period');
    expect(err.details).toMatchObject({ field: 'period' });
  });

  it('gives the exact Vietnamese message for a bad quarter', () => {
    const err = catchError(() => parsePeriod('2024Q5')) as InvalidInputError;
    expect(err.message).toBe('Kỳ báo cáo "2024Q5" không hợp lệ: dùng dạng "2024Q1" (quý) hoặc "2024" (năm)');
    expect(err.messageEn).toBe('Invalid period "2024Q5": use "2024Q1" (a quarter) or "2024" (a year)');
  });

  it.each(['1999', '1999Q4', '2101', '2101Q1', '0000', '9999Q1'])('refuses out-of-range year %s', (bad) => {
    const err = catchError(() => parsePeriod(bad)) as InvalidInputError;
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.message).toContain(`"${bad}"`);
    expect(err.message).toContain('năm phải từ 2000 đến 2100');
  });

  it('uses the given field name', () => {
    const err = catchError(() => parsePeriod('x', 'periods[1]')) as InvalidInputError;
    expect(err.field).toBe('periods[1]');
  });

  it('does not echo a huge value back whole', () => {
    const err = catchError(() => parsePeriod('9'.repeat(10_000))) as InvalidInputError;
    expect(err.message.length).toBeLessThan(200);
  });

  it('refuses non-strings passed from untyped callers', () => {
    expect(() => parsePeriod(undefined as unknown as string)).toThrow(InvalidInputError);
    expect(() => parsePeriod(2024 as unknown as string)).toThrow(InvalidInputError);
  });

  it('round-trips every valid code (property)', () => {
    fc.assert(
      fc.property(quarterArb, (q) => {
        expect(parsePeriod(q.code)).toEqual(q);
        expect(parsePeriod(String(q.year))).toEqual(yearPeriod(q.year));
      }),
    );
  });

  it('never throws anything but InvalidInputError, and accepts only the two shapes (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (s) => {
        let result: unknown;
        try {
          result = parsePeriod(s);
        } catch (e) {
          expect(e).toBeInstanceOf(InvalidInputError);
          return;
        }
        expect(/^(\d{4}(Q[1-4])?|NK\d{4}-\d{4})$/.test(s)).toBe(true);
        expect((result as { code: string }).code).toBe(s);
      }),
    );
  });
});

describe('checkYear', () => {
  it('accepts a whole year in the range periods accept', () => {
    expect(checkYear(2024, 'input.year')).toBe(2024);
    expect(checkYear(2000)).toBe(2000);
    expect(checkYear(2100)).toBe(2100);
  });

  it('refuses a year out of range or not whole, naming the field, in Vietnamese first', () => {
    for (const bad of [1999, 2101, 2024.5, Number.NaN]) {
      const err = catchError(() => checkYear(bad, 'input.year')) as InvalidInputError;
      expect(err).toBeInstanceOf(InvalidInputError);
      expect(err.field).toBe('input.year');
    }
    const err = catchError(() => checkYear(1999, 'year')) as InvalidInputError;
    expect(err.message).toBe('Năm 1999 không hợp lệ: năm phải từ 2000 đến 2100');
    expect(err.messageEn).toBe('Invalid year 1999: the year must be between 2000 and 2100');
  });
});

describe('parseQuarter', () => {
  it('accepts a quarter', () => {
    expect(parseQuarter('2024Q3', 'input.period')).toEqual(quarterPeriod(2024, 3));
  });

  it('names the field "period" unless told otherwise', () => {
    expect((catchError(() => parseQuarter('2024')) as InvalidInputError).field).toBe('period');
  });

  it('refuses a year, saying a quarter is required', () => {
    const err = catchError(() => parseQuarter('2024', 'input.period')) as InvalidInputError;
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.field).toBe('input.period');
    expect(err.message).toBe('Kỳ báo cáo "2024" không hợp lệ: cần một quý, dạng "2024Q1"');
    expect(err.messageEn).toBe('Invalid period "2024": a quarter is required, e.g. "2024Q1"');
  });

  it('refuses garbage like parsePeriod', () => {
    expect(() => parseQuarter('2024Q5')).toThrow(InvalidInputError);
  });
});

describe('quarter arithmetic', () => {
  it('quarterCode formats and validates', () => {
    expect(quarterCode(2024, 1)).toBe('2024Q1');
    expect(() => quarterCode(2024, 5)).toThrow(RangeError);
    expect(() => quarterCode(2024.5, 1)).toThrow(RangeError);
  });

  it('quartersOf a year is its four quarters; of a quarter, itself', () => {
    expect(quartersOf(parseCalendarPeriod('2024')).map((q) => q.code)).toEqual(['2024Q1', '2024Q2', '2024Q3', '2024Q4']);
    expect(quartersOf(parseCalendarPeriod('2024Q2'))).toEqual([parsePeriod('2024Q2')]);
  });

  it('previousQuarter crosses the year', () => {
    expect(previousQuarter(quarterPeriod(2024, 1)).code).toBe('2023Q4');
    expect(previousQuarter(quarterPeriod(2024, 3)).code).toBe('2024Q2');
    expect(previousQuarter(quarterPeriod(2000, 1)).code).toBe('1999Q4');
  });

  it('next and previous are inverse and ordered (property)', () => {
    fc.assert(
      fc.property(quarterArb, (q) => {
        expect(nextQuarter(previousQuarter(q))).toEqual(q);
        expect(previousQuarter(nextQuarter(q))).toEqual(q);
        expect(compareQuarters(previousQuarter(q), q)).toBe(-1);
        expect(quarterEnd(previousQuarter(q))).toEqual(quarterStart(q));
        // The first day, as a unit is read at: the day the quarter's first instant falls on in Vietnam.
        expect(quarterStartDay(q)).toBe(vietnamDate(quarterStart(q)));
      }),
    );
    expect(quarterStartDay(parseQuarter('2025Q3'))).toBe('2025-07-01');
  });
});

describe('Vietnam time', () => {
  it('quarterStart and quarterEnd are Vietnam midnights', () => {
    const q1 = parseQuarter('2024Q1');
    expect(quarterStart(q1).toISOString()).toBe('2023-12-31T17:00:00.000Z');
    expect(quarterEnd(q1).toISOString()).toBe('2024-03-31T17:00:00.000Z');
    const q4 = parseQuarter('2024Q4');
    expect(quarterStart(q4).toISOString()).toBe('2024-09-30T17:00:00.000Z');
    expect(quarterEnd(q4).toISOString()).toBe('2024-12-31T17:00:00.000Z');
  });

  it('a quarter lasts 90 to 92 days, leap years included (property)', () => {
    fc.assert(
      fc.property(quarterArb, (q) => {
        const days = (quarterEnd(q).getTime() - quarterStart(q).getTime()) / 86_400_000;
        expect(days).toBeGreaterThanOrEqual(90);
        expect(days).toBeLessThanOrEqual(92);
      }),
    );
    expect((quarterEnd(parseQuarter('2024Q1')).getTime() - quarterStart(parseQuarter('2024Q1')).getTime()) / 86_400_000).toBe(91);
  });

  it('defaultDueDate is the 10th day after the quarter ends', () => {
    expect(defaultDueDate(parseQuarter('2024Q1'))).toBe('2024-04-10');
    expect(defaultDueDate(parseQuarter('2024Q2'))).toBe('2024-07-10');
    expect(defaultDueDate(parseQuarter('2024Q3'))).toBe('2024-10-10');
    expect(defaultDueDate(parseQuarter('2024Q4'))).toBe('2025-01-10');
  });

  it('deadlineInstant is the exclusive end of the due day in Vietnam', () => {
    expect(deadlineInstant('2024-04-10').toISOString()).toBe('2024-04-10T17:00:00.000Z');
    expect(deadlineInstant('2024-12-31').toISOString()).toBe('2024-12-31T17:00:00.000Z');
    expect(deadlineInstant('2024-02-29').toISOString()).toBe('2024-02-29T17:00:00.000Z');
  });

  it.each(['2024-02-30', '2023-02-29', '2024-4-10', '10/04/2024', '2024-13-01', '', '2024-04-10T00:00:00Z'])(
    'deadlineInstant refuses %j',
    (bad) => {
      const err = catchError(() => deadlineInstant(bad)) as InvalidInputError;
      expect(err).toBeInstanceOf(InvalidInputError);
      expect(err.field).toBe('dueDate');
      expect(err.message).toContain(`"${bad}"`);
      expect(isIsoDate(bad)).toBe(false);
    },
  );

  it('isLate: the whole due day in Vietnam is on time', () => {
    expect(isLate(new Date('2024-04-10T16:59:59.999Z'), '2024-04-10')).toBe(false); // 23:59:59 in Hanoi
    expect(isLate(new Date('2024-04-10T17:00:00.000Z'), '2024-04-10')).toBe(true); // 00:00 on the 11th in Hanoi
    expect(isLate(new Date('2024-04-09T18:00:00.000Z'), '2024-04-10')).toBe(false); // already the 10th in Hanoi, still the 9th in UTC
    expect(isLate(new Date('2024-01-01T00:00:00.000Z'), '2024-04-10')).toBe(false);
  });

  it('isLate agrees with comparing Vietnam dates (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }),
        quarterArb,
        (at, q) => {
          const due = defaultDueDate(q);
          expect(isLate(at, due)).toBe(vietnamDate(at) > due);
        },
      ),
    );
  });

  it('hasStarted flips at the Vietnam midnight', () => {
    const q2 = parseQuarter('2024Q2');
    expect(hasStarted(q2, new Date('2024-03-31T16:59:59.999Z'))).toBe(false);
    expect(hasStarted(q2, new Date('2024-03-31T17:00:00.000Z'))).toBe(true);
    expect(hasStarted(q2, new Date('2024-05-15T00:00:00.000Z'))).toBe(true); // during the quarter
  });

  it('vietnamDate is the Hanoi calendar date', () => {
    expect(vietnamDate(new Date('2024-03-31T16:59:59.999Z'))).toBe('2024-03-31');
    expect(vietnamDate(new Date('2024-03-31T17:00:00.000Z'))).toBe('2024-04-01');
    expect(() => vietnamDate(new Date('nope'))).toThrow(new RangeError('invalid Date'));
  });

  it('quarterAt is the quarter of the Hanoi date', () => {
    expect(quarterAt(new Date('2023-12-31T17:00:00Z')).code).toBe('2024Q1');
    expect(quarterAt(new Date('2023-12-31T16:59:59Z')).code).toBe('2023Q4');
  });

  it('an instant lies within the quarter quarterAt gives (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2001-01-01T00:00:00Z'), max: new Date('2099-01-01T00:00:00Z'), noInvalidDate: true }), (at) => {
        const q: QuarterPeriod = quarterAt(at);
        expect(quarterStart(q).getTime()).toBeLessThanOrEqual(at.getTime());
        expect(quarterEnd(q).getTime()).toBeGreaterThan(at.getTime());
        expect(hasStarted(q, at)).toBe(true);
        expect(hasStarted(nextQuarter(q), at)).toBe(false);
      }),
    );
  });

  it('vietnameseDateText writes dd/mm/yyyy', () => {
    expect(vietnameseDateText('2024-04-10')).toBe('10/04/2024');
  });
});

describe('periodLabel', () => {
  it('uses Roman numerals in Vietnamese', () => {
    expect(periodLabel(parsePeriod('2024Q1'))).toEqual({ vi: 'Quý I/2024', en: 'Q1 2024' });
    expect(periodLabel(parsePeriod('2024Q2')).vi).toBe('Quý II/2024');
    expect(periodLabel(parsePeriod('2024Q3')).vi).toBe('Quý III/2024');
    expect(periodLabel(parsePeriod('2024Q4'))).toEqual({ vi: 'Quý IV/2024', en: 'Q4 2024' });
    expect(periodLabel(parsePeriod('2024'))).toEqual({ vi: 'Năm 2024', en: 'Year 2024' });
  });
});

describe('periods built by code', () => {
  it('takes any four-digit year, beyond the range users may type, so that arithmetic at the edges works', () => {
    expect(quarterPeriod(1000, 1)).toEqual({ kind: 'QUARTER', code: '1000Q1', year: 1000, quarter: 1 });
    expect(quarterPeriod(9999, 4).code).toBe('9999Q4');
    expect(yearPeriod(1000)).toEqual({ kind: 'YEAR', code: '1000', year: 1000 });
    expect(yearPeriod(9999).code).toBe('9999');
  });

  it('throws RangeError, naming the value, for a year or quarter no period has', () => {
    expect(() => quarterPeriod(999, 1)).toThrow(new RangeError('year out of range: 999'));
    expect(() => quarterPeriod(10000, 1)).toThrow(new RangeError('year out of range: 10000'));
    expect(() => quarterPeriod(2024.5, 1)).toThrow(new RangeError('year out of range: 2024.5'));
    expect(() => yearPeriod(999)).toThrow(new RangeError('year out of range: 999'));
    expect(() => yearPeriod(10000)).toThrow(new RangeError('year out of range: 10000'));
    expect(() => yearPeriod(2024.5)).toThrow(new RangeError('year out of range: 2024.5'));
    for (const bad of [0, 5, 1.5, -1]) expect(() => quarterPeriod(2024, bad)).toThrow(new RangeError(`quarter out of range: ${bad}`));
    expect([1, 2, 3, 4].map((n) => quarterPeriod(2024, n).quarter)).toEqual([1, 2, 3, 4]);
  });

  it('orders quarters across years', () => {
    expect(compareQuarters(quarterPeriod(2023, 4), quarterPeriod(2024, 1))).toBe(-1);
    expect(compareQuarters(quarterPeriod(2024, 1), quarterPeriod(2023, 4))).toBe(1);
    expect(compareQuarters(quarterPeriod(2025, 1), quarterPeriod(2024, 1))).toBe(4);
    expect(compareQuarters(quarterPeriod(2024, 2), quarterPeriod(2024, 2))).toBe(0);
    expect(nextQuarter(quarterPeriod(2024, 4)).code).toBe('2025Q1');
    expect(nextQuarter(quarterPeriod(2024, 2)).code).toBe('2024Q3');
  });

  it('quarterAt reads each month of the Hanoi calendar into its quarter', () => {
    const codes = Array.from({ length: 12 }, (_, m) => quarterAt(new Date(Date.UTC(2024, m, 15))).code);
    expect(codes).toEqual([
      '2024Q1',
      '2024Q1',
      '2024Q1',
      '2024Q2',
      '2024Q2',
      '2024Q2',
      '2024Q3',
      '2024Q3',
      '2024Q3',
      '2024Q4',
      '2024Q4',
      '2024Q4',
    ]);
  });
});

describe('what an error echoes back', () => {
  it('keeps the value it shows (one line, at most 40 characters) in the details', () => {
    const long = catchError(() => parsePeriod('2024Q1 '.repeat(10))) as InvalidInputError;
    const shown = '2024Q1 2024Q1 2024Q1 2024Q1 2024Q1 2024Q…';
    expect(long.message).toBe(`Kỳ báo cáo "${shown}" không hợp lệ: dùng dạng "2024Q1" (quý) hoặc "2024" (năm)`);
    expect(long.details).toEqual({ field: 'period', value: shown });
    const exact = 'x'.repeat(40);
    expect((catchError(() => parsePeriod(exact)) as InvalidInputError).details.value).toBe(exact);
    const multiLine = catchError(() => parsePeriod('2024\n\tQ1')) as InvalidInputError;
    expect(multiLine.details.value).toBe('2024 Q1');
    expect((catchError(() => parsePeriod(undefined as unknown as string)) as InvalidInputError).details.value).toBe('undefined');
  });

  it('names the user range of years in both languages', () => {
    const err = catchError(() => parsePeriod('2101Q1', 'input.period')) as InvalidInputError;
    expect(err.message).toBe('Kỳ báo cáo "2101Q1" không hợp lệ: năm phải từ 2000 đến 2100');
    expect(err.messageEn).toBe('Invalid period "2101Q1": the year must be between 2000 and 2100');
    expect(err.details).toEqual({ field: 'input.period', value: '2101Q1' });
    expect(parsePeriod('2000Q1').code).toBe('2000Q1');
    expect(parsePeriod('2100').code).toBe('2100');
    expect(parseQuarter('2100Q4').code).toBe('2100Q4');
  });

  it('refuses a lowercase q, spaces and other shapes', () => {
    for (const bad of ['2024q1', ' 2024Q1', '2024Q1 ', '2024-Q1', '24Q1', '2024Q', 'Q1 2024', '2024 ', '02024']) {
      expect(() => parsePeriod(bad)).toThrow(InvalidInputError);
    }
  });

  it('gives a bad year its details and a bad date its message in both languages', () => {
    const y = catchError(() => checkYear(2101)) as InvalidInputError;
    expect(y.field).toBe('year');
    expect(y.details).toEqual({ field: 'year', value: '2101' });
    const d = catchError(() => deadlineInstant('2024-02-30', 'input.dueDate')) as InvalidInputError;
    expect(d.field).toBe('input.dueDate');
    expect(d.message).toBe('Ngày "2024-02-30" không hợp lệ: dùng dạng "2024-04-10"');
    expect(d.messageEn).toBe('Invalid date "2024-02-30": use "2024-04-10"');
    expect(d.details).toEqual({ field: 'input.dueDate', value: '2024-02-30' });
  });
});

describe('isIsoDate', () => {
  it('accepts real dates, leap days included, and refuses what is not a string', () => {
    expect(['2024-02-29', '2024-01-01', '2024-12-31', '2023-04-30'].every(isIsoDate)).toBe(true);
    expect(['2024-04-31', '2024-00-10', '2024-04-00', '0099-01-01'].some(isIsoDate)).toBe(false);
    expect(isIsoDate(20240410 as unknown as string)).toBe(false);
    expect(isIsoDate(null as unknown as string)).toBe(false);
    // Whole strings only.
    expect(isIsoDate('x2024-04-10')).toBe(false);
    expect(isIsoDate('12024-04-10')).toBe(false);
  });
});

describe('isQuarterPeriod', () => {
  it('tells a quarter from a year', () => {
    expect(isQuarterPeriod(parsePeriod('2024Q1'))).toBe(true);
    expect(isQuarterPeriod(parsePeriod('2024'))).toBe(false);
  });
});

describe('council terms', () => {
  it('parses "NK2021-2026" as a term, labelled in both languages', () => {
    expect(parsePeriod('NK2021-2026')).toEqual({ kind: 'TERM', code: 'NK2021-2026', startYear: 2021, endYear: 2026 });
    expect(termPeriod(2026).code).toBe('NK2026-2031');
    expect(periodLabel(parsePeriod('NK2021-2026'))).toEqual({ vi: 'Nhiệm kỳ 2021–2026', en: 'Term 2021–2026' });
  });

  it('refuses a term that is not five years, or out of the year range, naming the field', () => {
    const err = catchError(() => parsePeriod('NK2021-2025', 'query.periods[0]')) as InvalidInputError;
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.field).toBe('query.periods[0]');
    expect(err.message).toBe('Kỳ báo cáo "NK2021-2025" không hợp lệ: một nhiệm kỳ dài 5 năm, dạng "NK2021-2026"');
    expect(catchError(() => parsePeriod('NK1995-2000'))).toBeInstanceOf(InvalidInputError);
    for (const bad of ['nk2021-2026', 'NK 2021-2026', 'NK2021–2026', 'NK21-26']) expect(() => parsePeriod(bad)).toThrow(InvalidInputError);
    expect(() => termPeriod(10_000)).toThrow(RangeError);
  });

  it('is refused where only a quarter or a year can be, as any other shape is', () => {
    expect(catchError(() => parseCalendarPeriod('NK2021-2026', 'period'))).toMatchObject({
      field: 'period',
      message: 'Kỳ báo cáo "NK2021-2026" không hợp lệ: dùng dạng "2024Q1" (quý) hoặc "2024" (năm)',
    });
    expect(() => parseQuarter('NK2021-2026')).toThrow(InvalidInputError);
    expect(parseCalendarPeriod('2024')).toEqual(yearPeriod(2024));
  });

  it('reads an ended term as its quarters from its first day to its last (the end is exclusive)', () => {
    const quarters = termQuarters({ from: '2021-05-23', to: '2026-03-15' }, '2026-12-07').map((q) => q.code);
    expect(quarters[0]).toBe('2021Q2');
    expect(quarters.at(-1)).toBe('2026Q1');
    expect(quarters).toHaveLength(20);
    // An end on a quarter's first day leaves that quarter out.
    expect(termQuarters({ from: '2021-05-23', to: '2021-07-01' }, '2026-12-07').map((q) => q.code)).toEqual(['2021Q2']);
  });

  it('reads a running term, or one whose end is still to come, up to today’s quarter: the term so far', () => {
    expect(termQuarters({ from: '2026-03-15', to: null }, '2026-12-07').map((q) => q.code)).toEqual([
      '2026Q1',
      '2026Q2',
      '2026Q3',
      '2026Q4',
    ]);
    expect(termQuarters({ from: '2021-05-23', to: '2026-03-15' }, '2021-08-01').map((q) => q.code)).toEqual(['2021Q2', '2021Q3']);
    expect(termQuarters({ from: '2026-03-15', to: null }, '2026-03-15').map((q) => q.code)).toEqual(['2026Q1']);
    expect(termQuarters({ from: '2031-03-01', to: null }, '2026-12-07')).toEqual([]);
  });

  it('gives consecutive quarters, the first holding the first day and the last the last day counted (property)', () => {
    const day = fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, day, (a, b, today) => {
        const [from, to] = a < b ? [a, b] : [b, a];
        const quarters = termQuarters({ from, to: from === to ? null : to }, today);
        if (from > today) return expect(quarters).toEqual([]);
        for (let i = 1; i < quarters.length; i++) expect(compareQuarters(quarters[i - 1], quarters[i])).toBe(-1);
        expect(vietnamDate(quarterStart(quarters[0])) <= from).toBe(true);
        expect(vietnamDate(quarterEnd(quarters[0])) > from).toBe(true);
      }),
    );
  });

  it('writes a term number as Vietnamese does, in Roman numerals', () => {
    expect([1, 4, 6, 9, 14, 16, 17, 19, 20, 40, 90, 400, 1994].map(romanNumeral)).toEqual([
      'I',
      'IV',
      'VI',
      'IX',
      'XIV',
      'XVI',
      'XVII',
      'XIX',
      'XX',
      'XL',
      'XC',
      'CD',
      'MCMXCIV',
    ]);
    expect(() => romanNumeral(0)).toThrow(RangeError);
    expect(() => romanNumeral(1.5)).toThrow(RangeError);
  });

  it('seeds the election days of the unit history, and the city numbers it states', () => {
    expect(SEEDED_TERMS).toEqual([
      { code: 'NK2021-2026', from: '2021-05-23', to: '2026-03-15' },
      { code: 'NK2026-2031', from: '2026-03-15', to: null },
    ]);
    const city = KNOWN_TERM_NUMBERS.filter((k) => k.unitCode === '01').map((k) => romanNumeral(k.number));
    expect(city).toEqual(COUNCIL_TERMS.map((t) => t.cityTermNumber));
  });
});
