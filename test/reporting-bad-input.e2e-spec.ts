/**
 * Bad input to the report operations, generated with fast-check: every
 * malformed period, unknown unit, unknown or repeated metric, out-of-range
 * value, oversized narrative or missing field must come back from
 * submitReport as BAD_USER_INPUT naming the field at fault, show nothing
 * internal, and leave the district tables exactly as they were. saveReport
 * refuses the same way only what a draft cannot hold (the structural rules:
 * period, unit, unknown or repeated metric, not a whole number, missing field,
 * unstorable text); a value rule's ERROR (negative, over 1,000,000, a part
 * over its whole, a metric the level does not have, an oversized narrative) is
 * stored with the draft as typed and returned in its findings, and submitting
 * that draft is then refused and changes nothing.
 *
 * Units used here (Huyện Ba Vì 271 and its communes, Huyện Phúc Thọ 272) are
 * used by no other test file.
 */
import { randomUUID } from 'node:crypto';

import { MAX_PERIOD_YEAR } from '@council/core';
import fc from 'fast-check';

import { DISTRICT_API } from '../apps/district-api/src/district-api.app.js';
import { type RunningApp, startApp } from './support/apps.js';
import { quarterFromNow } from './support/clock.js';
import { errorCode, gql, type GraphQLResponse, tokenFor } from './support/graphql.js';
import { isolatedDatabase } from './support/isolated-database.js';
import {
  ALL_METRICS,
  KNOWN_UNIT_CODES,
  leaks,
  listReports,
  type MetricValueInput,
  ok,
  readReport,
  realisticValues,
  ReportingDb,
  saveReport,
  submitReport,
  valueList,
} from './support/reporting.js';

let district: RunningApp;
let db: ReportingDb;
let api: string;
let cityToken: string;
let districtToken: string;

const RUNS = { numRuns: 40 };
const QUARTER = /^\d{4}Q[1-4]$/;
/** Quarters that exist and have started (and have no report written by this file's setup). */
const DISTRICT = '271';
const WARD = '09625';
/** The quarter of the drafts that hold value errors (saved again and again, never submitted). */
const DRAFT_PERIOD = '2022Q2';

let isolated: Awaited<ReturnType<typeof isolatedDatabase>>;

beforeAll(async () => {
  // A database of its own: every run of every property checksums the district tables, so their size must not depend
  // on which test files ran before this one (after the fault tests' thousands of reports it took minutes, not seconds).
  isolated = await isolatedDatabase('bad_input');
  district = await startApp(DISTRICT_API);
  api = district.graphql;
  db = new ReportingDb();
  [cityToken, districtToken] = await Promise.all([tokenFor(api, 'city'), tokenFor(api, 'd271')]);
  // Something for bad input to (not) change: a submitted report, a resubmitted one, a draft.
  const submit = (unitCode: string, level: 'DISTRICT' | 'WARD', seed: number) =>
    submitReport(api, districtToken, { unitCode, period: '2023Q1', values: valueList(realisticValues(level, seed)) }, randomUUID());
  ok(await submit(DISTRICT, 'DISTRICT', 1));
  ok(await submit(WARD, 'WARD', 2));
  ok(await submit(WARD, 'WARD', 3));
  ok(
    await saveReport(api, districtToken, {
      unitCode: WARD,
      period: '2023Q2',
      values: valueList(realisticValues('WARD', 4)),
      highlights: 'Bản nháp',
    }),
  );
});
afterAll(async () => {
  await db?.close();
  await district?.close();
  await isolated?.restore();
});

// ---------------------------------------------------------------- arbitraries

/** Any text: printable ASCII, ASCII with control characters (NUL included), and Unicode graphemes. */
const anyText = (maxLength = 30) =>
  fc.oneof(fc.string({ maxLength }), fc.string({ unit: 'binary-ascii', maxLength }), fc.string({ unit: 'grapheme', maxLength }));

/** Text that cannot be stored at all (NUL, a lone surrogate): refused before any other rule, as TEXT_UNSTORABLE. */
// eslint-disable-next-line no-control-regex -- NUL is the very character PostgreSQL cannot store in text
const unstorable = (s: string) => /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

/** Periods that are not a quarter a report can be filed for, with the rule that must refuse each. */
const badPeriod: fc.Arbitrary<{ period: string; rule: 'PERIOD_INVALID' | 'PERIOD_NOT_STARTED' | 'TEXT_UNSTORABLE' }> = fc.oneof(
  // Anything that is not shaped like a quarter.
  anyText()
    .filter((s) => !QUARTER.test(s))
    .map((period) => ({ period, rule: unstorable(period) ? ('TEXT_UNSTORABLE' as const) : ('PERIOD_INVALID' as const) })),
  // Near misses: a year alone, quarter 0 or 5–9, lowercase q, padding, other separators, short years.
  fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 9 }),
      fc.constantFrom('Q', 'q', '-Q', ' Q', 'Q0', ''),
      fc.constantFrom('', ' ', '\n', 'x'),
      fc.boolean(),
    )
    .map(([year, q, sep, pad, shortYear]) => `${shortYear ? String(year % 100) : String(year).padStart(4, '0')}${sep}${q}${pad}`)
    .filter((s) => !QUARTER.test(s))
    .map((period) => ({ period, rule: 'PERIOD_INVALID' as const })),
  // Shaped like a quarter but outside the years accepted (2000–2100).
  fc
    .tuple(fc.oneof(fc.integer({ min: 0, max: 1999 }), fc.integer({ min: 2101, max: 9999 })), fc.integer({ min: 1, max: 4 }))
    .map(([year, q]) => ({ period: `${String(year).padStart(4, '0')}Q${q}`, rule: 'PERIOD_INVALID' as const })),
  // A quarter that has not started yet: from the next one to the last accepted (2100Q4), counted from today.
  fc
    .integer({ min: 1, max: (MAX_PERIOD_YEAR - quarterFromNow(0).year) * 4 + 4 - quarterFromNow(0).quarter })
    .map((ahead) => ({ period: quarterFromNow(ahead).code, rule: 'PERIOD_NOT_STARTED' as const })),
);

const unknownUnit = fc
  .oneof(anyText(12), fc.stringMatching(/^\d{1,6}$/), fc.constantFrom('', '00000', '999', '0', '01 ', ' 017', '017\n', '1', '99999'))
  .filter((code) => !KNOWN_UNIT_CODES.has(code));

const unknownMetric = fc
  .oneof(
    anyText(40),
    fc.stringMatching(/^[a-z]{1,10}\.[a-z_]{1,12}$/),
    fc.constantFrom('', 'sessions', 'Sessions.Regular', 'sessions.regular ', 'sessions..regular', 'sessions.regular\u0000'),
  )
  .filter((code) => !ALL_METRICS.includes(code));

/** A valid list of values for a district: some of the 20 metrics, in any order, part ≤ whole. */
const validValues: fc.Arbitrary<MetricValueInput[]> = fc
  .tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.subarray([...ALL_METRICS], { minLength: 1 }), fc.integer())
  .map(([seed, metrics, shuffle]) => {
    const all = realisticValues('DISTRICT', seed);
    const list = metrics.map((metric) => ({ metric, value: all[metric] }));
    // A deterministic shuffle, so the metric order varies too.
    return list
      .map((v, i) => ({ v, k: Math.imul(i + 1, shuffle | 1) >>> 0 }))
      .sort((a, b) => a.k - b.k)
      .map(({ v }) => v);
  });

const insertAt = <T>(list: T[], index: number, item: T): T[] => [...list.slice(0, index), item, ...list.slice(index)];

const VIETNAMESE_WORDS = [
  'Hội đồng',
  'nhân dân',
  'kỳ họp',
  'chuyên đề',
  'nghị quyết',
  'giám sát',
  'tiếp xúc',
  'cử tri',
  'kiến nghị',
  'giải quyết',
  'đơn thư',
  'khiếu nại',
  'tố cáo',
  'Thường trực',
  'phường',
  'xã',
  'thị trấn',
  'huyện',
  'quận',
  'thành phố',
  'Hà Nội',
  'đề nghị',
  'rà soát',
  'nhiệm vụ',
  'chất vấn',
  'giải trình',
  'Ủy ban',
  'ngân sách',
  'đầu tư công',
  'đất đai',
  'môi trường',
  'ưu tiên',
  'hạn chế',
  'tồn tại',
  'khắc phục',
  'Đông Anh',
  'Sóc Sơn',
  'Mê Linh',
  'Ứng Hòa',
  'Mỹ Đức',
  'Thạch Thất',
];

/** Vietnamese prose of exactly `length` characters (code points after NFC), optionally with a few emoji, in NFC or NFD. */
function vietnameseText(length: number, seed: number, emoji: boolean, form: 'NFC' | 'NFD'): string {
  let r = seed >>> 0 || 1;
  const next = () => ((r = Math.imul(r ^ (r >>> 13), 0x5bd1e995) >>> 0), r);
  const parts: string[] = [];
  let n = 0;
  while (n < length) {
    const word = emoji && next() % 50 === 0 ? '📊' : VIETNAMESE_WORDS[next() % VIETNAMESE_WORDS.length];
    const piece = (parts.length ? (next() % 9 === 0 ? '. ' : ' ') : '') + word;
    parts.push(piece);
    n += Array.from(piece.normalize('NFC')).length;
  }
  const text = Array.from(parts.join('').normalize('NFC')).slice(0, length).join('');
  return form === 'NFD' ? text.normalize('NFD') : text;
}

// ---------------------------------------------------------------- checks

/**
 * The answer refuses the input as BAD_USER_INPUT naming `field`, carries
 * nothing internal, returns no report, and (checked by the caller) writes nothing.
 */
function expectRefused(res: GraphQLResponse, field: string, opts: { rule?: string; echoed?: string[] } = {}): void {
  expect(res.status).toBeLessThan(500);
  expect(res.errors?.length).toBeGreaterThan(0);
  const err = res.errors![0];
  expect({ code: err.extensions?.code, field: err.extensions?.field }).toEqual({ code: 'BAD_USER_INPUT', field });
  if (opts.rule) expect(err.extensions?.rules).toEqual(expect.arrayContaining([opts.rule]));
  expect(leaks(res, opts.echoed)).toEqual([]);
  const data = res.data as Record<string, unknown> | null | undefined;
  expect(Object.values(data ?? {}).filter((v) => v !== null)).toEqual([]);
}

/** Runs one request and checks the six district tables (and the report checksum) did not move. */
async function unchanged<T>(fn: () => Promise<T>): Promise<T> {
  const before = await db.snapshot();
  const result = await fn();
  expect(await db.snapshot()).toEqual(before);
  return result;
}

type Send = 'save' | 'submit';
const send = (how: Send, token: string, input: unknown): Promise<GraphQLResponse> =>
  how === 'save' ? saveReport(api, token, input) : submitReport(api, token, input, randomUUID());
const operation = fc.constantFrom<Send>('save', 'submit');

// ---------------------------------------------------------------- properties

describe('malformed input to saveReport and submitReport', () => {
  it('refuses every period that is not a started quarter, naming input.period', async () => {
    await fc.assert(
      fc.asyncProperty(badPeriod, operation, validValues, async ({ period }, how, values) => {
        const res = await unchanged(() => send(how, cityToken, { unitCode: DISTRICT, period, values }));
        expectRefused(res, 'input.period', { echoed: [period] });
      }),
      RUNS,
    );
  });

  it('names the period rule (PERIOD_INVALID or PERIOD_NOT_STARTED; TEXT_UNSTORABLE for a NUL) in extensions.rules when a submission is refused for its period', async () => {
    await fc.assert(
      fc.asyncProperty(badPeriod, validValues, async ({ period, rule }, values) => {
        const res = await unchanged(() => submitReport(api, cityToken, { unitCode: DISTRICT, period, values }, randomUUID()));
        expectRefused(res, 'input.period', { rule, echoed: [period] });
      }),
      { numRuns: 20, examples: [[{ period: '\u0000', rule: 'TEXT_UNSTORABLE' }, [{ metric: 'sessions.regular', value: 1 }]]] },
    );
  });

  // A quarter's council is the unit as it stands when the quarter begins, which need not exist yet (a district after
  // 2025-07-01): the period is refused before the unit is looked up, so the clerk is told the quarter is the problem.
  it('refuses a quarter that has not begun before looking up its unit, naming input.period even for a code that names nothing', async () => {
    await fc.assert(
      fc.asyncProperty(unknownUnit, operation, fc.integer({ min: 1, max: 8 }), validValues, async (unitCode, how, ahead, values) => {
        const period = quarterFromNow(ahead).code;
        const res = await unchanged(() => send(how, cityToken, { unitCode, period, values }));
        // Text PostgreSQL cannot store is refused at the GraphQL layer, before any rule (STRUCTURAL_RULES).
        if (unstorable(unitCode)) expectRefused(res, 'input.unitCode', { rule: 'TEXT_UNSTORABLE', echoed: [unitCode] });
        else expectRefused(res, 'input.period', { rule: 'PERIOD_NOT_STARTED', echoed: [unitCode, period] });
      }),
      { numRuns: 10, examples: [['\u0000', 'save', 1, [{ metric: 'petitions.resolved', value: 0 }]]] },
    );
  });

  it('refuses unknown unit codes, naming input.unitCode', async () => {
    await fc.assert(
      fc.asyncProperty(unknownUnit, operation, fc.constantFrom('city', 'district'), validValues, async (unitCode, how, who, values) => {
        const token = who === 'city' ? cityToken : districtToken;
        const res = await unchanged(() => send(how, token, { unitCode, period: '2023Q3', values }));
        expectRefused(res, 'input.unitCode', { echoed: [unitCode] });
      }),
      {
        ...RUNS,
        examples: [
          ['\u0000', 'submit', 'city', [{ metric: 'sessions.regular', value: 1 }]],
          ['017\u0000', 'save', 'district', [{ metric: 'sessions.regular', value: 1 }]],
        ],
      },
    );
  });

  it('refuses a draft or a submission with an unknown metric, naming input.values[i].metric', async () => {
    await fc.assert(
      fc.asyncProperty(
        validValues,
        unknownMetric,
        fc.nat(),
        fc.integer({ min: 0, max: 1_000_000 }),
        operation,
        async (base, metric, at, value, how) => {
          const index = at % (base.length + 1);
          const values = insertAt(base, index, { metric, value });
          // For a draft, a quarter with no submitted report: the refusal must be the metric's, not the report's state.
          const period = how === 'save' ? DRAFT_PERIOD : '2023Q1';
          const res = await unchanged(() => send(how, districtToken, { unitCode: DISTRICT, period, values }));
          expectRefused(res, `input.values[${index}].metric`, {
            rule: unstorable(metric) ? 'TEXT_UNSTORABLE' : 'METRIC_UNKNOWN',
            echoed: [metric],
          });
        },
      ),
      RUNS,
    );
  });

  it('refuses a draft or a submission giving a metric twice, naming the second line', async () => {
    await fc.assert(
      fc.asyncProperty(
        validValues,
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 1_000_000 }),
        operation,
        async (base, pick, at, value, how) => {
          const metric = base[pick % base.length].metric;
          const values = insertAt(base, at % (base.length + 1), { metric, value });
          const second = values.findIndex((v, i) => values.slice(0, i).some((w) => w.metric === v.metric));
          const res = await unchanged(() =>
            send(how, districtToken, {
              unitCode: WARD,
              period: how === 'save' ? DRAFT_PERIOD : '2023Q1',
              values: values.map((v) => (v.metric === 'confidence_votes.persons' ? { ...v, value: 0 } : v)),
            }),
          );
          expectRefused(res, `input.values[${second}].metric`, { rule: 'METRIC_DUPLICATE' });
        },
      ),
      RUNS,
    );
  });

  it('refuses a submission with a negative value or one over 1,000,000, naming input.values[i].value', async () => {
    const bad = fc.oneof(
      fc.integer({ min: -2147483648, max: -1 }).map((value) => ({ value, rule: 'VALUE_NEGATIVE' })),
      fc.integer({ min: 1_000_001, max: 2147483647 }).map((value) => ({ value, rule: 'VALUE_TOO_LARGE' })),
    );
    await fc.assert(
      fc.asyncProperty(validValues, fc.nat(), bad, fc.constantFrom(DISTRICT, WARD), async (base, at, { value, rule }, unitCode) => {
        const index = at % base.length;
        const values = base.map((v, i) =>
          i === index ? { ...v, value } : v.metric === 'confidence_votes.persons' && unitCode === WARD ? { ...v, value: 0 } : v,
        );
        const res = await unchanged(() => submitReport(api, districtToken, { unitCode, period: '2023Q1', values }, randomUUID()));
        expectRefused(res, `input.values[${index}].value`, { rule });
      }),
      RUNS,
    );
  });

  it('saves a draft holding a value error as typed, with the ERROR in its findings; submitting that draft is refused and changes nothing', async () => {
    type Fault = { rule: string; field: string; unitCode: string; values: MetricValueInput[]; narrative?: Record<string, string> };
    /** One value rule broken in a valid list, with the field its finding names. */
    const fault: fc.Arbitrary<(base: MetricValueInput[]) => Fault> = fc.oneof(
      fc.tuple(fc.nat(), fc.integer({ min: -2147483648, max: -1 })).map(([at, value]) => (base: MetricValueInput[]) => {
        const i = at % base.length;
        return {
          rule: 'VALUE_NEGATIVE',
          field: `values[${i}].value`,
          unitCode: DISTRICT,
          values: base.map((v, j) => (j === i ? { ...v, value } : v)),
        };
      }),
      fc.tuple(fc.nat(), fc.integer({ min: 1_000_001, max: 2147483647 })).map(([at, value]) => (base: MetricValueInput[]) => {
        const i = at % base.length;
        return {
          rule: 'VALUE_TOO_LARGE',
          field: `values[${i}].value`,
          unitCode: DISTRICT,
          values: base.map((v, j) => (j === i ? { ...v, value } : v)),
        };
      }),
      fc.tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 500 })).map(([whole, more]) => (base: MetricValueInput[]) => {
        const rest = base.filter((v) => !v.metric.startsWith('voter_contacts.'));
        const values = [
          ...rest,
          { metric: 'voter_contacts.meetings', value: whole },
          { metric: 'voter_contacts.thematic', value: whole + more },
        ];
        return { rule: 'PART_EXCEEDS_WHOLE', field: `values[${values.length - 1}].value`, unitCode: DISTRICT, values };
      }),
      fc.integer({ min: 1, max: 1_000_000 }).map((value) => (base: MetricValueInput[]) => {
        const values = [...base.filter((v) => v.metric !== 'confidence_votes.persons'), { metric: 'confidence_votes.persons', value }];
        return { rule: 'METRIC_NOT_APPLICABLE', field: `values[${values.length - 1}].metric`, unitCode: WARD, values };
      }),
      fc
        .tuple(fc.constantFrom('highlights', 'shortcomings', 'proposals'), fc.integer({ min: 20_001, max: 20_500 }), fc.integer())
        .map(([field, length, seed]) => (base: MetricValueInput[]) => ({
          rule: 'NARRATIVE_TOO_LONG',
          field,
          unitCode: DISTRICT,
          values: base,
          narrative: { [field]: vietnameseText(length, seed, false, 'NFC') },
        })),
    );
    await fc.assert(
      fc.asyncProperty(validValues, fault, async (base, make) => {
        // Keep the ward's list free of confidence votes but for the fault itself (it is the one metric a commune lacks).
        const { rule, field, unitCode, values, narrative } = make(
          base.map((v) => (v.metric === 'confidence_votes.persons' ? { ...v, value: 0 } : v)),
        );
        const input = { unitCode, period: DRAFT_PERIOD, values, ...narrative };
        const before = await db.snapshot();
        const saved = await saveReport(api, districtToken, input);
        expect(saved.errors).toBeUndefined();
        const draft = saved.data!.saveReport;
        expect(draft).toMatchObject({ status: 'DRAFT', version: 0, ...narrative });
        expect(draft.values.map((v) => ({ metric: v.metric.code, value: v.value }))).toEqual(values);
        expect(draft.findings).toContainEqual(expect.objectContaining({ rule, severity: 'ERROR', field }));
        // Only the draft's row and its audit entry: no version, no figures as rows, no event for the city.
        const after = await db.snapshot();
        for (const t of ['report_version', 'report_value', 'outbox_event', 'reporting_period'] as const)
          expect([after[t], after[`${t}_md5`]]).toEqual([before[t], before[`${t}_md5`]]);
        expect(Number(after.audit_log) - Number(before.audit_log)).toBe(1);
        const read = ok(await readReport(api, districtToken, unitCode, DRAFT_PERIOD)).report!;
        expect({ status: read.status, values: read.values, findings: read.findings }).toEqual({
          status: 'DRAFT',
          values: draft.values,
          findings: draft.findings,
        });
        // The same input submitted: refused for its first ERROR, and nothing moves.
        const res = await unchanged(() => submitReport(api, districtToken, input, randomUUID()));
        const firstError = draft.findings.find((f) => f.severity === 'ERROR')!;
        expectRefused(res, `input.${firstError.field}`, { rule });
        if (rule === 'NARRATIVE_TOO_LONG') expect(JSON.stringify(res).length).toBeLessThan(20_000);
      }),
      { numRuns: 30 },
    );
  });

  it('refuses values GraphQL cannot carry as Int (fractions, beyond 32 bits, strings, booleans), naming input.values[i].value', async () => {
    const notInt = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }).filter((d) => !Number.isInteger(d)),
      fc.integer({ min: 2147483648, max: Number.MAX_SAFE_INTEGER }),
      fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -2147483649 }),
      fc.string({ maxLength: 8 }),
      fc.boolean(),
      fc.constant({}),
      fc.constant([1]),
    );
    await fc.assert(
      fc.asyncProperty(validValues, fc.nat(), notInt, operation, async (base, at, value, how) => {
        const index = at % base.length;
        const values = base.map((v, i) => (i === index ? { metric: v.metric, value } : v));
        const res = await unchanged(() => send(how, districtToken, { unitCode: DISTRICT, period: '2023Q1', values }));
        expectRefused(res, `input.values[${index}].value`, { echoed: typeof value === 'string' ? [value] : [] });
      }),
      RUNS,
    );
  });

  it('refuses a submission with a narrative over 20,000 characters (Vietnamese, NFC or NFD, with or without emoji), naming it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('highlights', 'shortcomings', 'proposals'),
        fc.integer({ min: 20_001, max: 21_500 }),
        fc.integer(),
        fc.boolean(),
        fc.constantFrom<'NFC' | 'NFD'>('NFC', 'NFD'),
        validValues,
        async (field, length, seed, emoji, form, values) => {
          const text = vietnameseText(length, seed, emoji, form);
          expect(Array.from(text.normalize('NFC')).length).toBe(length);
          const res = await unchanged(() =>
            submitReport(api, districtToken, { unitCode: DISTRICT, period: '2023Q1', values, [field]: text }, randomUUID()),
          );
          expectRefused(res, `input.${field}`, { rule: 'NARRATIVE_TOO_LONG' });
          // The answer does not echo the narrative back.
          expect(JSON.stringify(res).length).toBeLessThan(20_000);
        },
      ),
      { numRuns: 30 },
    );
  });

  /**
   * Raw variables with one required field set to null or left out. graphql-js
   * refuses them before any resolver runs; the answer must still name the
   * field itself (a form shows the message beside it), not only its parent.
   */
  function missingFieldProperty(mode: 'omit' | 'null') {
    const paths = [
      'input',
      'input.unitCode',
      'input.period',
      'input.values',
      'input.values[i].metric',
      'input.values[i].value',
      ...(mode === 'null' ? ['input.values[i]'] : []),
    ];
    return fc.asyncProperty(fc.constantFrom(...paths), fc.nat(), validValues, operation, async (path, index, base, how) => {
      const i = index % base.length;
      const input: Record<string, unknown> = { unitCode: DISTRICT, period: '2023Q1', values: base.map((v) => ({ ...v })) };
      const values = input.values as Record<string, unknown>[];
      let variables: Record<string, unknown> = { input };
      const drop = (obj: Record<string, unknown>, key: string) => (mode === 'omit' ? delete obj[key] : (obj[key] = null));
      if (path === 'input') variables = mode === 'omit' ? {} : { input: null };
      else if (path === 'input.values[i]') values[i] = null as never;
      else if (path.startsWith('input.values[i].')) drop(values[i], path.slice('input.values[i].'.length));
      else drop(input, path.slice('input.'.length));
      const query =
        how === 'save'
          ? 'mutation($input: ReportInput!) { saveReport(input: $input) { id } }'
          : 'mutation($input: ReportInput!, $key: String) { submitReport(input: $input, idempotencyKey: $key) { id } }';
      const res = await unchanged(() =>
        gql(api, query, { ...variables, ...(how === 'submit' ? { key: randomUUID() } : {}) }, districtToken),
      );
      expectRefused(res, path.replace('[i]', `[${i}]`));
    });
  }

  it('refuses a required field sent as null (raw variables), naming it', async () => {
    await fc.assert(missingFieldProperty('null'), RUNS);
  });

  it('refuses a required field left out (raw variables), naming it', async () => {
    await fc.assert(missingFieldProperty('omit'), RUNS);
  });

  it('refuses a required field left out of an inline literal, naming it', async () => {
    // Not a variable: graphql-js validation catches it (GRAPHQL_VALIDATION_FAILED is its code for a malformed document).
    const res = await unchanged(() =>
      gql(api, 'mutation { submitReport(input: { period: "2023Q1", values: [] }) { id } }', {}, districtToken),
    );
    expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(errorCode(res));
    expect(String(res.errors![0].extensions?.field)).toMatch(/unitCode$/);
    expect(leaks(res)).toEqual([]);
  });
});

describe('malformed periods when reading', () => {
  it('refuses a bad period in report() and reports(), naming period', async () => {
    const notAPeriod = anyText().filter((s) => !QUARTER.test(s) && !/^\d{4}$/.test(s));
    await fc.assert(
      fc.asyncProperty(notAPeriod, fc.boolean(), async (period, one) => {
        const res = await unchanged<GraphQLResponse>(() =>
          one ? readReport(api, cityToken, DISTRICT, period) : listReports(api, cityToken, { period }),
        );
        expectRefused(res, 'period', { echoed: [period] });
      }),
      {
        ...RUNS,
        examples: [
          ['', false],
          ['', true],
          ['2024Q5', false],
          ['2024-1', true],
        ],
      },
    );
  });
});

/** No lone surrogate: text any client could send as UTF-8. */
const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

const narrativeText = fc.oneof(
  fc.constantFrom(
    'a\u0000b',
    '\u0000',
    'Kỳ họp thứ 5\u0000',
    '\u0007\u001b[31mđỏ\u001b[0m',
    '\r\n\t',
    '\u202eĐảo chiều',
    '\ufeffBOM',
    'e\u0301\u0301\u0301',
  ),
  fc.string({ unit: 'binary', maxLength: 60 }).filter(wellFormed),
  fc.string({ unit: 'binary-ascii', maxLength: 60 }),
);

describe('control characters and odd Unicode in narratives', () => {
  it('never causes an internal error: a narrative is either stored exactly or refused as BAD_USER_INPUT with nothing written', async () => {
    let quarter = 0;
    const periods = ['2021Q3', '2021Q4', '2022Q1', '2022Q2', '2022Q3', '2022Q4'];
    const units = ['272', '09715', '09718', '09721', '09724', '09727'];
    await fc.assert(
      fc.asyncProperty(narrativeText, async (text) => {
        // A fresh unit/quarter each run, so an accepted narrative is a new report, not a conflict.
        const n = quarter++;
        const unitCode = units[n % units.length];
        const period = periods[Math.floor(n / units.length) % periods.length];
        const level = unitCode === '272' ? 'DISTRICT' : 'WARD';
        const res = await acceptedOrRefused(
          () => saveReport(api, cityToken, { unitCode, period, values: valueList(realisticValues(level, n)), proposals: text }),
          'input.proposals',
          [text],
        );
        if (!res.errors?.length) expect((res.data as { saveReport: { proposals: string } }).saveReport.proposals).toBe(text);
      }),
      { numRuns: 30, examples: [['a\u0000b']] },
    );
  });
});

/** Either accepted, or refused as BAD_USER_INPUT naming `field` with nothing written; never an internal error. */
async function acceptedOrRefused(fn: () => Promise<GraphQLResponse>, field: string, echoed: string[]): Promise<GraphQLResponse> {
  const before = await db.snapshot();
  const res = await fn();
  expect(leaks(res, echoed)).toEqual([]);
  if (res.errors?.length) {
    expect({ code: errorCode(res), field: res.errors[0].extensions?.field }).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(await db.snapshot()).toEqual(before);
  }
  return res;
}

describe('NUL and control characters elsewhere', () => {
  it('answers a NUL in an idempotency key with BAD_USER_INPUT (or accepts it), never an internal error', async () => {
    const key = `key-\u0000-${randomUUID()}`;
    const input = { unitCode: DISTRICT, period: '2023Q4', values: valueList(realisticValues('DISTRICT', 1)) };
    await acceptedOrRefused(() => submitReport(api, districtToken, input, key), 'idempotencyKey', [key]);
  });

  it('answers a NUL in a review comment with BAD_USER_INPUT (or accepts it), never an internal error', async () => {
    const report = ok(
      await submitReport(
        api,
        districtToken,
        { unitCode: '09628', period: '2023Q1', values: valueList(realisticValues('WARD', 9628)) },
        randomUUID(),
      ),
    ).submitReport;
    const comment = 'Trả lại\u0000';
    await acceptedOrRefused(
      () =>
        gql(
          api,
          'mutation($id: ID!, $c: String) { reviewReport(id: $id, decision: RETURN, comment: $c) { id status reviewComment } }',
          { id: report.id, c: comment },
          cityToken,
        ),
      'comment',
      [comment],
    );
  });
});

describe('nothing written by any of it', () => {
  it('still has exactly the reports of the setup', async () => {
    const d = await tokenFor(api, 'd271');
    const r1 = ok(await readReport(api, d, DISTRICT, '2023Q1')).report!;
    expect(r1).toMatchObject({ status: 'SUBMITTED', version: 1 });
    const r2 = ok(await readReport(api, d, WARD, '2023Q1')).report!;
    expect(r2).toMatchObject({ status: 'SUBMITTED', version: 2 });
    expect(r2.versions).toHaveLength(2);
    const draft = ok(await readReport(api, d, WARD, '2023Q2')).report!;
    expect(draft).toMatchObject({ status: 'DRAFT', version: 0, highlights: 'Bản nháp' });
    for (const period of ['2023Q3', quarterFromNow(1).code]) expect(ok(await readReport(api, d, DISTRICT, period)).report).toBeNull();
    // The drafts that held value errors: drafts still, never submitted, nothing sent to the city.
    for (const unitCode of [DISTRICT, WARD]) {
      const held = ok(await readReport(api, d, unitCode, DRAFT_PERIOD)).report;
      if (held) expect(held).toMatchObject({ status: 'DRAFT', version: 0, versions: [] });
      expect(await db.outbox(unitCode, DRAFT_PERIOD)).toEqual([]);
    }
  });
});
