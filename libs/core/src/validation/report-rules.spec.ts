import fc from 'fast-check';

import { InvalidInputError } from '../errors.js';
import { CouncilLevel } from '../levels.js';
import { METRIC_CATALOGUE, metricMap } from '../metric-catalogue.js';
import { Severity, type ValidationFinding } from './finding.js';
import {
  blocksSubmission,
  hasBlockingFindings,
  hasStructuralFindings,
  MAX_METRIC_VALUE,
  refusesStorage,
  REPORT_RULES,
  type ReportDraft,
  type RuleContext,
  type RuleMetric,
  STRUCTURAL_RULES,
  toInvalidInputError,
  validateFigures,
  validateReport,
} from './report-rules.js';

const NOW = new Date('2024-04-05T03:00:00Z'); // 10:00 in Hanoi, early Q2/2024
const metrics = metricMap();
const ctx = (over: Partial<RuleContext> = {}): RuleContext => ({ now: NOW, metrics, ...over });
const draft = (over: Partial<ReportDraft> = {}): ReportDraft => ({
  unitCode: '009',
  unitLevel: CouncilLevel.DISTRICT,
  period: '2024Q1',
  values: [{ metric: 'sessions.regular', value: 1 }],
  ...over,
});
const rulesOf = (fs: ValidationFinding[]): string[] => fs.map((f) => f.rule);
const only = (fs: ValidationFinding[], rule: string): ValidationFinding[] => fs.filter((f) => f.rule === rule);

describe('REPORT_RULES', () => {
  it('lists the fifteen rules, errors first, each described in both languages', () => {
    expect(REPORT_RULES.map((r) => [r.code, r.severity])).toEqual([
      ['PERIOD_INVALID', 'ERROR'],
      ['PERIOD_NOT_STARTED', 'ERROR'],
      ['VALUE_NOT_INTEGER', 'ERROR'],
      ['VALUE_NEGATIVE', 'ERROR'],
      ['VALUE_TOO_LARGE', 'ERROR'],
      ['METRIC_UNKNOWN', 'ERROR'],
      ['METRIC_DUPLICATE', 'ERROR'],
      ['METRIC_NOT_APPLICABLE', 'ERROR'],
      ['PART_EXCEEDS_WHOLE', 'ERROR'],
      ['NARRATIVE_TOO_LONG', 'ERROR'],
      ['VALUE_OUTLIER_HISTORY', 'WARNING'],
      ['VALUE_OUTLIER_PEERS', 'WARNING'],
      ['PETITIONS_ANSWERED_EXCEED_RECEIVED', 'WARNING'],
      ['COMPLAINTS_HANDLED_EXCEED_RECEIVED', 'WARNING'],
      ['NO_VALUES', 'WARNING'],
    ]);
    for (const r of REPORT_RULES) {
      expect(r.description.vi.length).toBeGreaterThan(10);
      expect(r.description.en.length).toBeGreaterThan(10);
    }
  });
});

describe('validateReport: a clean report', () => {
  it('finds nothing', () => {
    expect(validateReport(draft(), ctx())).toEqual([]);
  });

  it('accepts every seeded metric at 0 at every level', () => {
    for (const level of Object.values(CouncilLevel)) {
      const values = METRIC_CATALOGUE.map((m) => ({ metric: m.code, value: 0 }));
      expect(validateReport(draft({ unitLevel: level, values }), ctx())).toEqual([]);
    }
  });
});

describe('period rules', () => {
  it('PERIOD_INVALID for a year, naming the value and the field', () => {
    const fs = validateReport(draft({ period: '2024' }), ctx());
    expect(fs).toEqual([
      {
        rule: 'PERIOD_INVALID',
        severity: Severity.ERROR,
        message: 'Kỳ báo cáo "2024" không hợp lệ: cần một quý, dạng "2024Q1"',
        messageEn: 'Invalid period "2024": a quarter is required, e.g. "2024Q1"',
        field: 'period',
      },
    ]);
  });

  it.each(['2024Q5', '', 'Q1/2024', '1999Q4'])('PERIOD_INVALID for %j', (period) => {
    const fs = validateReport(draft({ period }), ctx());
    expect(rulesOf(fs)).toEqual(['PERIOD_INVALID']);
    expect(fs[0]!.message).toContain(`"${period}"`);
  });

  it('PERIOD_NOT_STARTED before the quarter starts in Hanoi, not during it', () => {
    const q2 = draft({ period: '2024Q2' });
    const before = validateReport(q2, ctx({ now: new Date('2024-03-31T16:59:59Z') })); // 23:59:59 on 31/3 in Hanoi
    expect(before).toEqual([
      {
        rule: 'PERIOD_NOT_STARTED',
        severity: Severity.ERROR,
        message: 'Quý II/2024 chưa bắt đầu (bắt đầu từ ngày 01/04/2024 theo giờ Việt Nam), chưa thể báo cáo',
        messageEn: 'Q2 2024 has not started yet (it starts on 2024-04-01, Vietnam time), so it cannot be reported',
        field: 'period',
      },
    ]);
    expect(validateReport(q2, ctx({ now: new Date('2024-03-31T17:00:00Z') }))).toEqual([]); // midnight in Hanoi
    expect(validateReport(q2, ctx({ now: new Date('2024-05-20T00:00:00Z') }))).toEqual([]); // mid-quarter
    expect(rulesOf(validateReport(draft({ period: '2025Q1' }), ctx()))).toEqual(['PERIOD_NOT_STARTED']);
  });
});

describe('value rules', () => {
  const one = (value: number, metric = 'sessions.regular') => validateReport(draft({ values: [{ metric, value }] }), ctx());

  it('VALUE_NOT_INTEGER names the metric in Vietnamese and the field', () => {
    expect(one(2.5)).toEqual([
      {
        rule: 'VALUE_NOT_INTEGER',
        severity: Severity.ERROR,
        message: 'Giá trị của chỉ tiêu “Kỳ họp thường lệ” phải là số nguyên (đang là 2,5)',
        messageEn: 'The value of “Regular sessions” must be a whole number (got 2.5)',
        field: 'values[0].value',
        metric: 'sessions.regular',
      },
    ]);
    expect(rulesOf(one(Number.NaN))).toEqual(['VALUE_NOT_INTEGER']);
    expect(rulesOf(validateReport(draft({ values: [{ metric: 'sessions.regular', value: '3' as unknown as number }] }), ctx()))).toEqual([
      'VALUE_NOT_INTEGER',
    ]);
    expect(rulesOf(validateReport(draft({ values: [{ metric: 'sessions.regular', value: null as unknown as number }] }), ctx()))).toEqual([
      'VALUE_NOT_INTEGER',
    ]);
  });

  it('VALUE_NEGATIVE, one finding per value even when also fractional', () => {
    const fs = one(-1);
    expect(rulesOf(fs)).toEqual(['VALUE_NEGATIVE']);
    expect(fs[0]!.message).toBe('Giá trị của chỉ tiêu “Kỳ họp thường lệ” không được âm (đang là -1)');
    expect(rulesOf(one(-1.5))).toEqual(['VALUE_NEGATIVE']);
    expect(rulesOf(one(-Infinity))).toEqual(['VALUE_NEGATIVE']);
    expect(one(0)).toEqual([]);
  });

  it('VALUE_TOO_LARGE above one million, with Vietnamese digit grouping', () => {
    expect(one(MAX_METRIC_VALUE)).toEqual([]);
    const fs = one(MAX_METRIC_VALUE + 1);
    expect(rulesOf(fs)).toEqual(['VALUE_TOO_LARGE']);
    expect(fs[0]!.message).toBe('Giá trị của chỉ tiêu “Kỳ họp thường lệ” quá lớn (đang là 1.000.001; tối đa 1.000.000)');
    expect(fs[0]!.messageEn).toBe('The value of “Regular sessions” is too large (got 1,000,001; at most 1,000,000)');
    expect(rulesOf(one(Infinity))).toEqual(['VALUE_TOO_LARGE']);
  });
});

describe('metric rules', () => {
  it('METRIC_UNKNOWN names the code and the metric field', () => {
    const fs = validateReport(
      draft({
        values: [
          { metric: 'sessions.regular', value: 1 },
          { metric: 'foo.bar', value: 2 },
        ],
      }),
      ctx(),
    );
    expect(fs).toEqual([
      {
        rule: 'METRIC_UNKNOWN',
        severity: Severity.ERROR,
        message: 'Chỉ tiêu "foo.bar" không có trong danh mục chỉ tiêu',
        messageEn: 'Metric "foo.bar" is not in the catalogue',
        field: 'values[1].metric',
        metric: 'foo.bar',
      },
    ]);
  });

  it('METRIC_DUPLICATE flags every repeat after the first', () => {
    const values = [
      { metric: 'sessions.regular', value: 1 },
      { metric: 'resolutions.issued', value: 4 },
      { metric: 'sessions.regular', value: 1 },
      { metric: 'sessions.regular', value: 2 },
    ];
    const fs = validateReport(draft({ values }), ctx());
    expect(rulesOf(fs)).toEqual(['METRIC_DUPLICATE', 'METRIC_DUPLICATE']);
    expect(fs.map((f) => f.field)).toEqual(['values[2].metric', 'values[3].metric']);
    expect(fs[0]!.message).toBe('Chỉ tiêu “Kỳ họp thường lệ” được khai báo nhiều lần (đã có ở dòng 1); mỗi chỉ tiêu chỉ khai báo một lần');
  });

  it('METRIC_NOT_APPLICABLE: confidence votes at a commune council, unless 0', () => {
    const ward = (value: number) =>
      validateReport(draft({ unitLevel: CouncilLevel.WARD, values: [{ metric: 'confidence_votes.persons', value }] }), ctx());
    expect(ward(0)).toEqual([]);
    expect(ward(12)).toEqual([
      {
        rule: 'METRIC_NOT_APPLICABLE',
        severity: Severity.ERROR,
        message: 'Chỉ tiêu “Số người được lấy phiếu tín nhiệm” không áp dụng cho HĐND cấp xã; chỉ được để 0',
        messageEn: '“Persons assessed in confidence votes” does not apply to commune-level councils; only 0 is allowed',
        field: 'values[0].metric',
        metric: 'confidence_votes.persons',
      },
    ]);
    const district = validateReport(draft({ values: [{ metric: 'confidence_votes.persons', value: 12 }] }), ctx());
    expect(district).toEqual([]);
  });
});

describe('PART_EXCEEDS_WHOLE', () => {
  const vc = (thematic: number, meetings?: number) =>
    validateReport(
      draft({
        values: [
          { metric: 'voter_contacts.thematic', value: thematic },
          ...(meetings === undefined ? [] : [{ metric: 'voter_contacts.meetings', value: meetings }]),
        ],
      }),
      ctx(),
    );

  it('flags a part larger than its whole, at the part', () => {
    expect(vc(5, 3)).toEqual([
      {
        rule: 'PART_EXCEEDS_WHOLE',
        severity: Severity.ERROR,
        message: '“Tiếp xúc cử tri chuyên đề” (5) không được lớn hơn “Hội nghị tiếp xúc cử tri” (3), vì là một phần của chỉ tiêu này',
        messageEn: '“Thematic voter-contact meetings” (5) cannot exceed “Voter-contact meetings” (3), of which it is a part',
        field: 'values[0].value',
        metric: 'voter_contacts.thematic',
      },
    ]);
  });

  it('allows equal, and says nothing when the whole is absent or itself invalid', () => {
    expect(vc(3, 3)).toEqual([]);
    expect(vc(5)).toEqual([]);
    expect(rulesOf(vc(5, -1))).toEqual(['VALUE_NEGATIVE']);
  });

  it('compares with the nearest present ancestor in an extended catalogue', () => {
    const extended = new Map<string, RuleMetric>(metrics);
    extended.set('voter_contacts.online', {
      code: 'voter_contacts.online',
      nameVi: 'Tiếp xúc cử tri trực tuyến',
      nameEn: 'Online voter contacts',
      levels: [CouncilLevel.DISTRICT],
      partOf: 'voter_contacts.thematic',
    });
    const run = (values: ReportDraft['values']) => validateReport(draft({ values }), ctx({ metrics: extended }));
    // thematic absent: online is checked against meetings.
    expect(
      rulesOf(
        run([
          { metric: 'voter_contacts.online', value: 4 },
          { metric: 'voter_contacts.meetings', value: 3 },
        ]),
      ),
    ).toEqual(['PART_EXCEEDS_WHOLE']);
    // thematic present and fine for online; thematic's own excess is its own finding.
    const fs = run([
      { metric: 'voter_contacts.online', value: 4 },
      { metric: 'voter_contacts.thematic', value: 4 },
      { metric: 'voter_contacts.meetings', value: 3 },
    ]);
    expect(fs.map((f) => f.metric)).toEqual(['voter_contacts.thematic']);
  });

  it('survives a partOf cycle in a bad catalogue', () => {
    const cyclic = new Map<string, RuleMetric>([
      ['a.x', { code: 'a.x', nameVi: 'A', nameEn: 'A', levels: [CouncilLevel.DISTRICT], partOf: 'a.y' }],
      ['a.y', { code: 'a.y', nameVi: 'B', nameEn: 'B', levels: [CouncilLevel.DISTRICT], partOf: 'a.x' }],
    ]);
    const fs = validateReport(draft({ values: [{ metric: 'a.x', value: 1 }] }), ctx({ metrics: cyclic }));
    expect(fs).toEqual([]);
  });
});

describe('NARRATIVE_TOO_LONG', () => {
  it('flags each over-long narrative field by name', () => {
    const long = 'ạ'.repeat(20_001);
    const fs = validateReport(draft({ highlights: 'ổn', shortcomings: long, proposals: long }), ctx());
    expect(rulesOf(fs)).toEqual(['NARRATIVE_TOO_LONG', 'NARRATIVE_TOO_LONG']);
    expect(fs.map((f) => f.field)).toEqual(['shortcomings', 'proposals']);
    expect(fs[0]!.message).toBe('Phần “Hạn chế” quá dài (20.001 ký tự; tối đa 20.000)');
    expect(fs[1]!.messageEn).toBe('“Proposals” is too long (20,001 characters; at most 20,000)');
  });

  it('allows exactly 20,000 characters, null and absent fields', () => {
    expect(validateReport(draft({ highlights: 'a'.repeat(20_000), shortcomings: null }), ctx())).toEqual([]);
  });

  it('counts decomposed Vietnamese as the letters a person sees', () => {
    const nfd = 'ệ'.normalize('NFD').repeat(10_000); // 30,000 UTF-16 units, 10,000 letters
    expect(nfd.length).toBe(30_000);
    expect(validateReport(draft({ highlights: nfd }), ctx())).toEqual([]);
  });
});

describe('warnings', () => {
  const withHistory = (value: number, previousMax?: number, peerMedian?: number) =>
    validateReport(
      draft({ values: [{ metric: 'resolutions.issued', value }] }),
      ctx({
        history: {
          previousMax: new Map(previousMax === undefined ? [] : [['resolutions.issued', previousMax]]),
          peerMedian: new Map(peerMedian === undefined ? [] : [['resolutions.issued', peerMedian]]),
        },
      }),
    );

  it('VALUE_OUTLIER_HISTORY above 3× the previous maximum', () => {
    expect(withHistory(30, 10)).toEqual([]);
    const fs = withHistory(31, 10);
    expect(fs).toEqual([
      {
        rule: 'VALUE_OUTLIER_HISTORY',
        severity: Severity.WARNING,
        message: '“Nghị quyết ban hành” là 31, gấp hơn 3 lần mức cao nhất của HĐND này ở các quý trước (10); đề nghị kiểm tra lại',
        messageEn: "“Resolutions issued” is 31, more than 3 times this council's highest in earlier quarters (10); please check",
        field: 'values[0].value',
        metric: 'resolutions.issued',
      },
    ]);
    expect(hasBlockingFindings(fs)).toBe(false);
  });

  it('VALUE_OUTLIER_HISTORY stays quiet without history or with a zero maximum', () => {
    expect(withHistory(500)).toEqual([]);
    expect(withHistory(500, 0)).toEqual([]);
    expect(validateReport(draft({ values: [{ metric: 'resolutions.issued', value: 500 }] }), ctx())).toEqual([]);
  });

  it('VALUE_OUTLIER_PEERS above 10× the peer median, fractional medians included', () => {
    expect(withHistory(40, undefined, 4)).toEqual([]);
    expect(rulesOf(withHistory(41, undefined, 4))).toEqual(['VALUE_OUTLIER_PEERS']);
    const fs = withHistory(26, undefined, 2.5);
    expect(fs[0]!.message).toBe(
      '“Nghị quyết ban hành” là 26, gấp hơn 10 lần trung vị của các HĐND cùng cấp trong kỳ (2,5); đề nghị kiểm tra lại',
    );
    expect(withHistory(1000, undefined, 0)).toEqual([]);
    expect(rulesOf(withHistory(1000, 10, 5))).toEqual(['VALUE_OUTLIER_HISTORY', 'VALUE_OUTLIER_PEERS']);
  });

  it('no outlier warning on a value that is already an error', () => {
    expect(rulesOf(withHistory(MAX_METRIC_VALUE + 1, 1, 1))).toEqual(['VALUE_TOO_LARGE']);
  });

  it('PETITIONS_ANSWERED_EXCEED_RECEIVED and COMPLAINTS_HANDLED_EXCEED_RECEIVED', () => {
    const values = [
      { metric: 'petitions.received', value: 8 },
      { metric: 'petitions.answered', value: 12 },
      { metric: 'complaints.received', value: 5 },
      { metric: 'complaints.handled', value: 6 },
    ];
    const fs = validateReport(draft({ values }), ctx());
    expect(rulesOf(fs)).toEqual(['PETITIONS_ANSWERED_EXCEED_RECEIVED', 'COMPLAINTS_HANDLED_EXCEED_RECEIVED']);
    expect(fs.every((f) => f.severity === Severity.WARNING)).toBe(true);
    expect(fs[0]).toMatchObject({ field: 'values[1].value', metric: 'petitions.answered' });
    expect(fs[0]!.message).toBe(
      '“Kiến nghị cử tri đã được trả lời” (12) lớn hơn “Kiến nghị cử tri tiếp nhận” (8) trong quý: có thể do đã trả lời cả kiến nghị tồn đọng từ các kỳ trước; đề nghị kiểm tra lại',
    );
    expect(fs[1]).toMatchObject({ field: 'values[3].value', metric: 'complaints.handled' });
    // Equal, or received missing: nothing to say.
    expect(
      validateReport(
        draft({
          values: [
            { metric: 'petitions.received', value: 8 },
            { metric: 'petitions.answered', value: 8 },
          ],
        }),
        ctx(),
      ),
    ).toEqual([]);
    expect(validateReport(draft({ values: [{ metric: 'petitions.answered', value: 8 }] }), ctx())).toEqual([]);
  });

  it('NO_VALUES on an empty report', () => {
    const fs = validateReport(draft({ values: [] }), ctx());
    expect(fs).toEqual([
      {
        rule: 'NO_VALUES',
        severity: Severity.WARNING,
        message: 'Báo cáo chưa có số liệu chỉ tiêu nào',
        messageEn: 'The report has no metric values',
        field: 'values',
      },
    ]);
    expect(hasBlockingFindings(fs)).toBe(false);
  });
});

describe('hasBlockingFindings and toInvalidInputError', () => {
  const bad = draft({
    period: '2024Q1',
    values: [
      { metric: 'sessions.regular', value: 1 },
      { metric: 'petitions.received', value: 1 },
      { metric: 'sessions.thematic', value: -2 },
      { metric: 'petitions.answered', value: 3 },
      { metric: 'nope.nope', value: 1 },
    ],
  });

  it('turns the first ERROR into an InvalidInputError on the input path, listing every rule', () => {
    const fs = validateReport(bad, ctx());
    expect(hasBlockingFindings(fs)).toBe(true);
    const err = toInvalidInputError(fs);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect(err.field).toBe('input.values[2].value');
    expect(err.message).toBe('Giá trị của chỉ tiêu “Kỳ họp chuyên đề” không được âm (đang là -2) (và 1 lỗi khác)');
    expect(err.messageEn).toBe('The value of “Thematic sessions” must not be negative (got -2) (and 1 more error)');
    expect(err.details).toMatchObject({ field: 'input.values[2].value', rules: ['VALUE_NEGATIVE', 'METRIC_UNKNOWN'] });
    expect((err.details['findings'] as ValidationFinding[]).map((f) => f.rule)).toEqual([
      'VALUE_NEGATIVE',
      'METRIC_UNKNOWN',
      'PETITIONS_ANSWERED_EXCEED_RECEIVED',
    ]);
  });

  it('uses the bare message when there is a single ERROR, and lists each rule once', () => {
    const single = toInvalidInputError(validateReport(draft({ period: '2024' }), ctx()));
    expect(single.field).toBe('input.period');
    expect(single.message).toBe('Kỳ báo cáo "2024" không hợp lệ: cần một quý, dạng "2024Q1"');
    const twice = validateReport(
      draft({
        values: [
          { metric: 'a.b', value: 1 },
          { metric: 'c.d', value: 1 },
        ],
      }),
      ctx(),
    );
    expect(toInvalidInputError(twice).details['rules']).toEqual(['METRIC_UNKNOWN']);
  });

  it('refuses to build an error from warnings only', () => {
    expect(hasBlockingFindings([])).toBe(false);
    expect(() => toInvalidInputError(validateReport(draft({ values: [] }), ctx()))).toThrow(/no ERROR/);
  });
});

describe('STRUCTURAL_RULES, refusesStorage: what refuses even a draft', () => {
  it('are the period, whole-number and metric-identity rules; every other rule is stored with a draft', () => {
    expect(STRUCTURAL_RULES).toEqual(['PERIOD_INVALID', 'PERIOD_NOT_STARTED', 'VALUE_NOT_INTEGER', 'METRIC_UNKNOWN', 'METRIC_DUPLICATE']);
    expect(REPORT_RULES.filter((r) => refusesStorage({ rule: r.code })).map((r) => r.code)).toEqual(STRUCTURAL_RULES);
    // Stored with a draft, though each blocks submission: figures and text a draft can hold.
    expect(REPORT_RULES.filter((r) => r.severity === Severity.ERROR && !refusesStorage({ rule: r.code })).map((r) => r.code)).toEqual([
      'VALUE_NEGATIVE',
      'VALUE_TOO_LARGE',
      'METRIC_NOT_APPLICABLE',
      'PART_EXCEEDS_WHOLE',
      'NARRATIVE_TOO_LONG',
    ]);
    // A structural rule is an ERROR: whatever refuses a draft refuses a submission too.
    for (const code of STRUCTURAL_RULES) expect(REPORT_RULES.find((r) => r.code === code)!.severity).toBe(Severity.ERROR);
    expect(Object.isFrozen(STRUCTURAL_RULES)).toBe(true);
  });

  it('knows nothing of other codes, and blocksSubmission is any ERROR', () => {
    expect(refusesStorage({ rule: 'NO_SUCH_RULE' })).toBe(false);
    expect(refusesStorage({ rule: '' })).toBe(false);
    expect(blocksSubmission({ severity: Severity.ERROR })).toBe(true);
    expect(blocksSubmission({ severity: Severity.WARNING })).toBe(false);
  });

  it('lets a draft with value ERRORs be stored, and refuses one with a structural finding, naming it first', () => {
    const valueErrors = validateReport(
      draft({
        highlights: 'x'.repeat(20_001),
        values: [
          { metric: 'voter_contacts.meetings', value: 1 },
          { metric: 'voter_contacts.thematic', value: 2 },
          { metric: 'sessions.regular', value: -1 },
          { metric: 'sessions.thematic', value: MAX_METRIC_VALUE + 1 },
        ],
      }),
      ctx(),
    );
    expect(rulesOf(valueErrors)).toEqual(['VALUE_NEGATIVE', 'VALUE_TOO_LARGE', 'PART_EXCEEDS_WHOLE', 'NARRATIVE_TOO_LONG']);
    expect(hasBlockingFindings(valueErrors)).toBe(true);
    expect(hasStructuralFindings(valueErrors)).toBe(false);
    expect(() => toInvalidInputError(valueErrors, refusesStorage)).toThrow(/no ERROR/);

    const mixed = validateReport(
      draft({
        values: [
          { metric: 'sessions.regular', value: -1 },
          { metric: 'nope.nope', value: 1 },
          { metric: 'sessions.regular', value: 2 },
        ],
      }),
      ctx(),
    );
    expect(rulesOf(mixed)).toEqual(['VALUE_NEGATIVE', 'METRIC_UNKNOWN', 'METRIC_DUPLICATE']);
    expect(hasStructuralFindings(mixed)).toBe(true);
    const refused = toInvalidInputError(mixed, refusesStorage);
    // The first structural finding, not the first ERROR (VALUE_NEGATIVE, which a draft may hold).
    expect(refused.field).toBe('input.values[1].metric');
    expect(refused.details).toMatchObject({ rules: ['METRIC_UNKNOWN', 'METRIC_DUPLICATE'] });
    expect(refused.messageEn).toBe('Metric "nope.nope" is not in the catalogue (and 1 more error)');
    expect((refused.details['findings'] as ValidationFinding[]).map((f) => f.rule)).toEqual(rulesOf(mixed));
    // A submission of the same input names the first ERROR, as before.
    const blocked = toInvalidInputError(mixed);
    expect(blocked.field).toBe('input.values[0].value');
    expect(blocked.details).toMatchObject({ rules: ['VALUE_NEGATIVE', 'METRIC_UNKNOWN', 'METRIC_DUPLICATE'] });
    expect(hasStructuralFindings(validateReport(draft({ values: [{ metric: 'sessions.regular', value: 1.5 }] }), ctx()))).toBe(true);
    expect(hasStructuralFindings(validateReport(draft({ period: '2024Q3' }), ctx()))).toBe(true); // not started on NOW
    expect(hasStructuralFindings([])).toBe(false);
  });
});

// ---------- properties ----------

const applicable = (level: CouncilLevel) => METRIC_CATALOGUE.filter((m) => m.levels.includes(level)).map((m) => m.code);

/** A report that every ERROR rule should accept: known, distinct, applicable metrics, parts within wholes. */
const validDraftArb = fc
  .record({
    level: fc.constantFrom(CouncilLevel.CITY, CouncilLevel.DISTRICT, CouncilLevel.WARD),
    year: fc.integer({ min: 2000, max: 2023 }),
    quarter: fc.integer({ min: 1, max: 4 }),
    seed: fc.array(fc.integer({ min: 0, max: MAX_METRIC_VALUE }), { minLength: 20, maxLength: 20 }),
    pick: fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
    order: fc.array(fc.double({ noNaN: true }), { minLength: 20, maxLength: 20 }),
    highlights: fc.option(fc.string({ maxLength: 200 }), { nil: null }),
  })
  .map(({ level, year, quarter, seed, pick, order, highlights }) => {
    const codes = applicable(level).filter((_, i) => pick[i]);
    const value = new Map(codes.map((c, i) => [c, seed[i]!]));
    // Keep parts within wholes.
    if (value.has('voter_contacts.thematic') && value.has('voter_contacts.meetings')) {
      value.set('voter_contacts.thematic', Math.min(value.get('voter_contacts.thematic')!, value.get('voter_contacts.meetings')!));
    }
    const values = codes
      .map((metric, i) => ({ metric, value: value.get(metric)!, k: order[i]! }))
      .sort((a, b) => a.k - b.k)
      .map(({ metric, value: v }) => ({ metric, value: v }));
    return draft({ unitLevel: level, period: `${year}Q${quarter}`, values, highlights });
  });

const historyArb = fc.record({
  previousMax: fc
    .dictionary(fc.constantFrom(...METRIC_CATALOGUE.map((m) => m.code)), fc.integer({ min: 0, max: 1000 }))
    .map((d) => new Map(Object.entries(d))),
  peerMedian: fc
    .dictionary(fc.constantFrom(...METRIC_CATALOGUE.map((m) => m.code)), fc.double({ min: 0, max: 1000, noNaN: true }))
    .map((d) => new Map(Object.entries(d))),
});

describe('properties', () => {
  it('a report of sound values for known, distinct, applicable metrics with parts within wholes has no ERROR', () => {
    fc.assert(
      fc.property(validDraftArb, fc.option(historyArb, { nil: undefined }), (d, history) => {
        const fs = validateReport(d, ctx({ history }));
        expect(fs.filter((f) => f.severity === Severity.ERROR)).toEqual([]);
        expect(hasBlockingFindings(fs)).toBe(false);
      }),
    );
  });

  it('any negative value produces VALUE_NEGATIVE naming its index', () => {
    fc.assert(
      fc.property(
        validDraftArb.filter((d) => d.values.length > 0),
        fc.nat(),
        fc.integer({ min: -MAX_METRIC_VALUE * 10, max: -1 }),
        (d, at, negative) => {
          const i = at % d.values.length;
          const values = d.values.map((v, j) => (j === i ? { ...v, value: negative } : v));
          const fs = validateReport({ ...d, values }, ctx());
          const neg = only(fs, 'VALUE_NEGATIVE');
          expect(neg).toHaveLength(1);
          expect(neg[0]!.field).toBe(`values[${i}].value`);
          expect(neg[0]!.metric).toBe(values[i]!.metric);
          expect(neg[0]!.message).toContain(`“${metrics.get(values[i]!.metric)!.nameVi}” không được âm`);
          expect(toInvalidInputError(fs).field).toBe(`input.values[${i}].value`);
        },
      ),
    );
  });

  it('findings are deterministic and do not mutate the draft', () => {
    const anyValue = fc.oneof(fc.integer({ min: -5, max: 2 * MAX_METRIC_VALUE }), fc.double(), fc.constant(Number.NaN));
    const anyDraft = fc.record({
      unitCode: fc.constant('009'),
      unitLevel: fc.constantFrom(CouncilLevel.CITY, CouncilLevel.DISTRICT, CouncilLevel.WARD),
      period: fc.oneof(fc.constantFrom('2024Q1', '2024Q2', '2024', '2030Q4', 'x'), fc.string({ maxLength: 8 })),
      values: fc.array(
        fc.record({
          metric: fc.oneof(fc.constantFrom(...METRIC_CATALOGUE.map((m) => m.code)), fc.string({ maxLength: 10 })),
          value: anyValue,
        }),
        { maxLength: 25 },
      ),
      highlights: fc.option(fc.string({ maxLength: 50 }), { nil: null }),
    });
    fc.assert(
      fc.property(anyDraft, fc.option(historyArb, { nil: undefined }), (d, history) => {
        const snapshot = structuredClone(d);
        const a = validateReport(d, ctx({ history }));
        const b = validateReport(structuredClone(d), ctx({ history }));
        expect(b).toEqual(a);
        expect(d).toEqual(snapshot);
        // Every finding is a known rule with its declared severity and bilingual text.
        const declared = new Map(REPORT_RULES.map((r) => [r.code as string, r.severity]));
        for (const f of a) {
          expect(declared.get(f.rule)).toBe(f.severity);
          expect(f.message.length).toBeGreaterThan(0);
          expect(f.messageEn.length).toBeGreaterThan(0);
        }
        // Findings come in rule order.
        const order = a.map((f) => REPORT_RULES.findIndex((r) => r.code === f.rule));
        expect([...order].sort((x, y) => x - y)).toEqual(order);
      }),
    );
  });

  it('each values line gets at most one value finding', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double(), fc.integer(), fc.constant(Infinity), fc.constant(-Infinity)), { maxLength: 10 }),
        (nums) => {
          const values = nums.map((value, i) => ({ metric: METRIC_CATALOGUE[i]!.code, value }));
          const fs = validateReport(draft({ values }), ctx());
          const valueRules = new Set(['VALUE_NOT_INTEGER', 'VALUE_NEGATIVE', 'VALUE_TOO_LARGE']);
          const fields = fs.filter((f) => valueRules.has(f.rule)).map((f) => f.field);
          expect(new Set(fields).size).toBe(fields.length);
          nums.forEach((v, i) => {
            const bad = !(Number.isInteger(v) && v >= 0 && v <= MAX_METRIC_VALUE);
            expect(fields.includes(`values[${i}].value`)).toBe(bad);
          });
        },
      ),
    );
  });
});

describe('validateFigures (annual targets)', () => {
  it('checks the figures alone: no period or history rule can fire', () => {
    expect(
      validateFigures(
        [
          { metric: 'sessions.regular', value: 2 },
          { metric: 'supervisions.thematic', value: 2 },
        ],
        CouncilLevel.DISTRICT,
        metrics,
      ),
    ).toEqual([]);
  });
  it('blocks what a report would block about its figures', () => {
    const rules = validateFigures(
      [
        { metric: 'sessions.regular', value: -1 },
        { metric: 'nope.nope', value: 1 },
        { metric: 'confidence_votes.persons', value: 3 },
        { metric: 'voter_contacts.meetings', value: 1 },
        { metric: 'voter_contacts.thematic', value: 2 },
      ],
      CouncilLevel.WARD,
      metrics,
    ).map((f) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(['VALUE_NEGATIVE', 'METRIC_UNKNOWN', 'METRIC_NOT_APPLICABLE', 'PART_EXCEEDS_WHOLE']));
  });
});
