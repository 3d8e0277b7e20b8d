// Edges of the report rules that the main spec leaves open: the exact wording staff read, malformed input from
// untyped callers, the boundaries of "sound" values, and the shape of findings as stored with a report.
import { CouncilLevel } from '../levels.js';
import { metricMap } from '../metric-catalogue.js';
import { Severity, type ValidationFinding } from './finding.js';
import {
  NARRATIVE_LABELS,
  type ReportDraft,
  type RuleContext,
  type RuleMetric,
  toInvalidInputError,
  validateFigures,
  validateReport,
} from './report-rules.js';

const NOW = new Date('2024-04-05T03:00:00Z'); // early Q2/2024 in Hanoi
const metrics = metricMap();
const ctx = (over: Partial<RuleContext> = {}): RuleContext => ({ now: NOW, metrics, ...over });
const draft = (values: unknown, over: Partial<ReportDraft> = {}): ReportDraft =>
  ({ unitCode: '009', unitLevel: CouncilLevel.DISTRICT, period: '2024Q1', values, ...over }) as ReportDraft;
const check = (values: unknown, over: Partial<ReportDraft> = {}, c: Partial<RuleContext> = {}) =>
  validateReport(draft(values, over), ctx(c));
const rulesOf = (fs: ValidationFinding[]) => fs.map((f) => f.rule);
const messages = (fs: ValidationFinding[]) => fs.map((f) => [f.message, f.messageEn]);

describe('narrative labels', () => {
  it('name the three parts of a report as council documents do', () => {
    expect(NARRATIVE_LABELS).toEqual({
      highlights: { vi: 'Kết quả nổi bật', en: 'Highlights' },
      shortcomings: { vi: 'Hạn chế', en: 'Shortcomings' },
      proposals: { vi: 'Kiến nghị, đề xuất', en: 'Proposals' },
    });
  });
  it('appear in the too-long message, with the length grouped the Vietnamese way', () => {
    const fs = check([{ metric: 'sessions.regular', value: 1 }], { shortcomings: 'a'.repeat(20_001) });
    expect(messages(fs)).toEqual([
      ['Phần “Hạn chế” quá dài (20.001 ký tự; tối đa 20.000)', '“Shortcomings” is too long (20,001 characters; at most 20,000)'],
    ]);
  });
});

describe('narrative fields', () => {
  it('checks all three', () => {
    const long = 'a'.repeat(20_001);
    const fs = check([{ metric: 'sessions.regular', value: 1 }], { highlights: long, shortcomings: long, proposals: long });
    expect(fs.map((f) => f.field)).toEqual(['highlights', 'shortcomings', 'proposals']);
  });
});

describe('findings as stored', () => {
  it('carry a field and a metric only when they have one (no undefined keys in the stored JSON)', () => {
    const [noValues] = check([]);
    expect(noValues).toStrictEqual({
      rule: 'NO_VALUES',
      severity: Severity.WARNING,
      message: 'Báo cáo chưa có số liệu chỉ tiêu nào',
      messageEn: 'The report has no metric values',
      field: 'values',
    });
    const [period] = check([{ metric: 'sessions.regular', value: 1 }], { period: '2024Q3' });
    expect(Object.keys(period!).sort()).toEqual(['field', 'message', 'messageEn', 'rule', 'severity']);
  });
});

describe('malformed input from untyped callers', () => {
  it('treats values that are not a list as no values', () => {
    expect(rulesOf(check(null))).toEqual(['NO_VALUES']);
    expect(rulesOf(check({ metric: 'sessions.regular', value: 1 }))).toEqual(['NO_VALUES']);
  });
  it('reports a null line as an unknown metric with no number, without crashing', () => {
    const fs = check([null]);
    expect(fs.map((f) => [f.rule, f.field])).toEqual([
      ['VALUE_NOT_INTEGER', 'values[0].value'],
      ['METRIC_UNKNOWN', 'values[0].metric'],
    ]);
    expect(fs[0]!.message).toBe('Giá trị của chỉ tiêu "undefined" phải là số nguyên (đang là undefined)');
  });
  it('says what was sent for a value that is not a number', () => {
    const fs = check([
      { metric: 'sessions.regular', value: '12' },
      { metric: 'sessions.thematic', value: Number.NaN },
      { metric: 'sessions.urgent', value: Number.POSITIVE_INFINITY },
    ]);
    expect(rulesOf(fs)).toEqual(['VALUE_NOT_INTEGER', 'VALUE_NOT_INTEGER', 'VALUE_TOO_LARGE']);
    expect(messages(fs)).toEqual([
      [
        'Giá trị của chỉ tiêu “Kỳ họp thường lệ” phải là số nguyên (đang là 12)',
        'The value of “Regular sessions” must be a whole number (got 12)',
      ],
      [
        'Giá trị của chỉ tiêu “Kỳ họp chuyên đề” phải là số nguyên (đang là NaN)',
        'The value of “Thematic sessions” must be a whole number (got NaN)',
      ],
      [
        'Giá trị của chỉ tiêu “Kỳ họp bất thường” quá lớn (đang là Infinity; tối đa 1.000.000)',
        'The value of “Urgent (extraordinary) sessions” is too large (got Infinity; at most 1,000,000)',
      ],
    ]);
  });
  it('writes huge and fractional numbers the way each language does', () => {
    const fs = check([
      { metric: 'sessions.regular', value: 1e21 },
      { metric: 'sessions.thematic', value: 1234567.5 },
      { metric: 'sessions.urgent', value: 2.5 },
    ]);
    expect(messages(fs)).toEqual([
      // Rule order first (not a whole number, then too large), then line order.
      [
        'Giá trị của chỉ tiêu “Kỳ họp bất thường” phải là số nguyên (đang là 2,5)',
        'The value of “Urgent (extraordinary) sessions” must be a whole number (got 2.5)',
      ],
      [
        'Giá trị của chỉ tiêu “Kỳ họp thường lệ” quá lớn (đang là 1e+21; tối đa 1.000.000)',
        'The value of “Regular sessions” is too large (got 1e+21; at most 1,000,000)',
      ],
      [
        'Giá trị của chỉ tiêu “Kỳ họp chuyên đề” quá lớn (đang là 1.234.567,5; tối đa 1.000.000)',
        'The value of “Thematic sessions” is too large (got 1,234,567.5; at most 1,000,000)',
      ],
    ]);
    // A tiny fraction keeps JavaScript's exponent form rather than being grouped into "1,5e-7".
    expect(check([{ metric: 'sessions.regular', value: 1.5e-7 }])[0]!.message).toBe(
      'Giá trị của chỉ tiêu “Kỳ họp thường lệ” phải là số nguyên (đang là 1.5e-7)',
    );
    expect(messages(check([{ metric: 'sessions.regular', value: -1500 }]))).toEqual([
      [
        'Giá trị của chỉ tiêu “Kỳ họp thường lệ” không được âm (đang là -1.500)',
        'The value of “Regular sessions” must not be negative (got -1,500)',
      ],
    ]);
  });
  it('shows an unknown code on one line, cut at 60 characters', () => {
    const code = 'x.' + 'y'.repeat(70);
    const [f] = check([
      { metric: `a\n\tb`, value: 0 },
      { metric: code, value: 0 },
    ]);
    expect(f!.message).toBe('Chỉ tiêu "a b" không có trong danh mục chỉ tiêu');
    const long = check([{ metric: code, value: 0 }])[0]!;
    expect(long.messageEn).toBe(`Metric "${code.slice(0, 60)}…" is not in the catalogue`);
    const exact = 'x.' + 'y'.repeat(58);
    expect(check([{ metric: exact, value: 0 }])[0]!.messageEn).toBe(`Metric "${exact}" is not in the catalogue`);
  });
  it('names a repeated unknown code and the line it first appeared on', () => {
    const fs = check([
      { metric: 'sessions.regular', value: 1 },
      { metric: 'x.y', value: 1 },
      { metric: 'x.y', value: 2 },
    ]);
    const dup = fs.find((f) => f.rule === 'METRIC_DUPLICATE')!;
    expect([dup.message, dup.messageEn, dup.field]).toEqual([
      'Chỉ tiêu "x.y" được khai báo nhiều lần (đã có ở dòng 2); mỗi chỉ tiêu chỉ khai báo một lần',
      '"x.y" is given more than once (already on line 2); give each metric once',
      'values[2].metric',
    ]);
  });
  it('names an unknown council level as it was sent', () => {
    const fs = check([{ metric: 'confidence_votes.persons', value: 2 }], { unitLevel: 'HAMLET' as CouncilLevel });
    expect(messages(fs)).toEqual([
      [
        'Chỉ tiêu “Số người được lấy phiếu tín nhiệm” không áp dụng cho HAMLET; chỉ được để 0',
        '“Persons assessed in confidence votes” does not apply to hamlet; only 0 is allowed',
      ],
    ]);
  });
  it('reports a non-applicable metric sent as NaN once, as not a number', () => {
    expect(rulesOf(check([{ metric: 'confidence_votes.persons', value: Number.NaN }], { unitLevel: CouncilLevel.WARD }))).toEqual([
      'VALUE_NOT_INTEGER',
    ]);
    expect(rulesOf(check([{ metric: 'confidence_votes.persons', value: '3' }], { unitLevel: CouncilLevel.WARD }))).toEqual([
      'VALUE_NOT_INTEGER',
    ]);
  });
});

describe('parts and wholes at the edges', () => {
  const vc = (thematic: unknown, meetings: unknown) =>
    check([
      { metric: 'voter_contacts.thematic', value: thematic },
      { metric: 'voter_contacts.meetings', value: meetings },
    ]);
  it('compares with a whole of 0 and a part of exactly one million', () => {
    expect(messages(vc(1, 0))).toEqual([
      [
        '“Tiếp xúc cử tri chuyên đề” (1) không được lớn hơn “Hội nghị tiếp xúc cử tri” (0), vì là một phần của chỉ tiêu này',
        '“Thematic voter-contact meetings” (1) cannot exceed “Voter-contact meetings” (0), of which it is a part',
      ],
    ]);
    expect(rulesOf(vc(1_000_000, 999_999))).toEqual(['PART_EXCEEDS_WHOLE']);
  });
  it('leaves an unsound part to the value rules', () => {
    expect(rulesOf(vc(5.5, 1))).toEqual(['VALUE_NOT_INTEGER']);
    expect(rulesOf(vc(2_000_000, 1))).toEqual(['VALUE_TOO_LARGE']);
    expect(rulesOf(vc('9', 1))).toEqual(['VALUE_NOT_INTEGER']);
  });
  it('checks only the first line of a repeated part', () => {
    const fs = check([
      { metric: 'voter_contacts.meetings', value: 3 },
      { metric: 'voter_contacts.thematic', value: 1 },
      { metric: 'voter_contacts.thematic', value: 9 },
    ]);
    expect(rulesOf(fs)).toEqual(['METRIC_DUPLICATE']);
  });
  it('says nothing when the whole is absent and has no whole of its own, or names a metric nobody defined', () => {
    expect(check([{ metric: 'voter_contacts.thematic', value: 5 }])).toEqual([]);
    const extended = new Map<string, RuleMetric>(metrics);
    extended.set('voter_contacts.online', {
      code: 'voter_contacts.online',
      levels: [CouncilLevel.DISTRICT],
      nameVi: 'Trực tuyến',
      nameEn: 'Online',
      partOf: 'voter_contacts.gone',
    });
    expect(check([{ metric: 'voter_contacts.online', value: 5 }], {}, { metrics: extended })).toEqual([]);
  });
});

describe('Vietnamese digit grouping in every message with figures', () => {
  it('groups a part and its whole, and an outlier and its references, with dots', () => {
    const part = check([
      { metric: 'voter_contacts.thematic', value: 1500 },
      { metric: 'voter_contacts.meetings', value: 1200 },
    ])[0]!;
    expect(part.message).toBe(
      '“Tiếp xúc cử tri chuyên đề” (1.500) không được lớn hơn “Hội nghị tiếp xúc cử tri” (1.200), vì là một phần của chỉ tiêu này',
    );
    const fs = check(
      [{ metric: 'sessions.regular', value: 40_000 }],
      {},
      { history: { previousMax: new Map([['sessions.regular', 4000]]), peerMedian: new Map([['sessions.regular', 3500.5]]) } },
    );
    expect(fs.map((f) => f.message)).toEqual([
      '“Kỳ họp thường lệ” là 40.000, gấp hơn 3 lần mức cao nhất của HĐND này ở các quý trước (4.000); đề nghị kiểm tra lại',
      '“Kỳ họp thường lệ” là 40.000, gấp hơn 10 lần trung vị của các HĐND cùng cấp trong kỳ (3.500,5); đề nghị kiểm tra lại',
    ]);
  });
});

describe('warnings at the edges', () => {
  it('give no outlier warning for a value that is already an error', () => {
    const history = {
      previousMax: new Map([
        ['sessions.regular', 1],
        ['sessions.thematic', 1],
      ]),
    };
    expect(
      rulesOf(
        check(
          [
            { metric: 'sessions.regular', value: 2_000_000 },
            { metric: 'sessions.thematic', value: 7.5 },
          ],
          {},
          { history },
        ),
      ),
    ).toEqual(['VALUE_NOT_INTEGER', 'VALUE_TOO_LARGE']);
  });

  it('word the soft parts in both languages', () => {
    const fs = check([
      { metric: 'petitions.received', value: 1200 },
      { metric: 'petitions.answered', value: 1500 },
      { metric: 'complaints.received', value: 2 },
      { metric: 'complaints.handled', value: 3 },
    ]);
    expect(messages(fs)).toEqual([
      [
        '“Kiến nghị cử tri đã được trả lời” (1.500) lớn hơn “Kiến nghị cử tri tiếp nhận” (1.200) trong quý: có thể do đã trả lời cả kiến nghị tồn đọng từ các kỳ trước; đề nghị kiểm tra lại',
        '“Voter petitions answered” (1,500) exceeds “Voter petitions received” (1,200) this quarter: possible if petitions left over from earlier quarters were answered too; please check',
      ],
      [
        '“Đơn thư khiếu nại, tố cáo đã xử lý” (3) lớn hơn “Đơn thư khiếu nại, tố cáo tiếp nhận” (2) trong quý: có thể do đã xử lý cả đơn thư tồn đọng từ các kỳ trước; đề nghị kiểm tra lại',
        '“Complaints and denunciations handled” (3) exceeds “Complaints and denunciations received” (2) this quarter: possible if letters left over from earlier quarters were handled too; please check',
      ],
    ]);
  });
  it('word the outliers in both languages', () => {
    const fs = check(
      [{ metric: 'sessions.regular', value: 40 }],
      {},
      { history: { previousMax: new Map([['sessions.regular', 4]]), peerMedian: new Map([['sessions.regular', 3.5]]) } },
    );
    expect(messages(fs)).toEqual([
      [
        '“Kỳ họp thường lệ” là 40, gấp hơn 3 lần mức cao nhất của HĐND này ở các quý trước (4); đề nghị kiểm tra lại',
        "“Regular sessions” is 40, more than 3 times this council's highest in earlier quarters (4); please check",
      ],
      [
        '“Kỳ họp thường lệ” là 40, gấp hơn 10 lần trung vị của các HĐND cùng cấp trong kỳ (3,5); đề nghị kiểm tra lại',
        '“Regular sessions” is 40, more than 10 times the median of same-level councils this period (3.5); please check',
      ],
    ]);
  });
  it('warn once per metric, only for catalogue metrics, and never against a reference that is not a finite number', () => {
    const history = {
      previousMax: new Map([
        ['sessions.regular', 1],
        ['x.y', 1],
        ['sessions.thematic', Number.POSITIVE_INFINITY],
        ['sessions.urgent', Number.NaN],
      ]),
    };
    const fs = check(
      [
        { metric: 'sessions.regular', value: 10 },
        { metric: 'sessions.regular', value: 20 },
        { metric: 'x.y', value: 10 },
        { metric: 'sessions.thematic', value: 10 },
        { metric: 'sessions.urgent', value: 10 },
      ],
      {},
      { history },
    );
    expect(fs.filter((f) => f.severity === Severity.WARNING).map((f) => [f.rule, f.field])).toEqual([
      ['VALUE_OUTLIER_HISTORY', 'values[0].value'],
    ]);
  });
});

describe('the error a blocked submission throws', () => {
  it('counts the other errors, in the singular and the plural', () => {
    const two = check([
      { metric: 'a.b', value: 1 },
      { metric: 'c.d', value: 1 },
    ]);
    expect(toInvalidInputError(two).messageEn).toBe('Metric "a.b" is not in the catalogue (and 1 more error)');
    const three = check([
      { metric: 'a.b', value: 1 },
      { metric: 'c.d', value: 1 },
      { metric: 'e.f', value: 1 },
    ]);
    const err = toInvalidInputError(three);
    expect(err.message).toBe('Chỉ tiêu "a.b" không có trong danh mục chỉ tiêu (và 2 lỗi khác)');
    expect(err.messageEn).toBe('Metric "a.b" is not in the catalogue (and 2 more errors)');
    const one = toInvalidInputError(check([{ metric: 'a.b', value: 1 }]));
    expect([one.message, one.messageEn]).toEqual([
      'Chỉ tiêu "a.b" không có trong danh mục chỉ tiêu',
      'Metric "a.b" is not in the catalogue',
    ]);
  });
  it('points at the whole input when the first error has no field', () => {
    const f: ValidationFinding = { rule: 'X', severity: Severity.ERROR, message: 'm', messageEn: 'e' };
    expect(toInvalidInputError([f]).field).toBe('input');
  });
});

describe('validateFigures', () => {
  it('runs every figure rule and nothing else', () => {
    const fs = validateFigures(
      [
        { metric: 'sessions.regular', value: 1.5 },
        { metric: 'sessions.thematic', value: 2_000_000 },
        { metric: 'sessions.urgent', value: 1 },
        { metric: 'sessions.urgent', value: 1 },
      ],
      CouncilLevel.CITY,
      metrics,
    );
    expect(rulesOf(fs)).toEqual(['VALUE_NOT_INTEGER', 'VALUE_TOO_LARGE', 'METRIC_DUPLICATE']);
    // No NO_VALUES warning for an empty plan: that rule is about reports.
    expect(validateFigures([], CouncilLevel.CITY, metrics)).toEqual([]);
  });
});
