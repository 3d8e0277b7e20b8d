/**
 * Validation of a quarterly report before it is saved or submitted.
 *
 * Every rule runs on every call and reports all it finds (not just the first),
 * so a form can show each problem beside its field. ERROR findings block
 * submission; WARNING findings are stored with the report and shown to the
 * reviewing level, because an odd number may still be true.
 *
 * Saving a draft is refused only by the structural rules (STRUCTURAL_RULES,
 * `refusesStorage`): input that cannot be a draft at all. Every other finding,
 * ERROR included, is stored with the draft, so the clerk keeps what was typed.
 */
import { type Bilingual, InvalidInputError } from '../errors.js';
import { type CouncilLevel, LEVEL_LABELS } from '../levels.js';
import type { MetricDefinition } from '../metric-catalogue.js';
import { parseQuarter, periodLabel, type QuarterPeriod, quarterStart, vietnamDate, vietnameseDateText } from '../period.js';
import { Severity, type ValidationFinding } from './finding.js';

/** What the rules need to know of a metric; a catalogue row or a DB entity both fit. */
export type RuleMetric = Pick<MetricDefinition, 'code' | 'levels' | 'nameVi' | 'nameEn'> & { partOf?: string | null };

export interface ReportDraft {
  unitCode: string;
  unitLevel: CouncilLevel;
  period: string;
  values: { metric: string; value: number }[];
  highlights?: string | null;
  shortcomings?: string | null;
  proposals?: string | null;
}

export interface ReportHistory {
  /** The unit's own highest value per metric over earlier quarters. */
  previousMax: ReadonlyMap<string, number>;
  /** Median per metric over same-level units for the same period. */
  peerMedian?: ReadonlyMap<string, number>;
}

export interface RuleContext {
  now: Date;
  metrics: ReadonlyMap<string, RuleMetric>;
  history?: ReportHistory;
}

/**
 * Sanity cap on one count. The largest genuine quarterly counts (voter
 * petitions of a whole city) are in the tens of thousands, so a million only
 * catches slips such as pasted phone numbers or extra zeros, and it keeps a
 * quarter's total over Hanoi's 610 councils inside GraphQL's 32-bit Int.
 */
export const MAX_METRIC_VALUE = 1_000_000;
export const MAX_NARRATIVE_LENGTH = 20_000;
export const HISTORY_OUTLIER_FACTOR = 3;
export const PEER_OUTLIER_FACTOR = 10;

export type NarrativeField = 'highlights' | 'shortcomings' | 'proposals';
export const NARRATIVE_FIELDS: readonly NarrativeField[] = ['highlights', 'shortcomings', 'proposals'];
export const NARRATIVE_LABELS: Readonly<Record<NarrativeField, Bilingual>> = {
  highlights: { vi: 'Kết quả nổi bật', en: 'Highlights' },
  shortcomings: { vi: 'Hạn chế', en: 'Shortcomings' },
  proposals: { vi: 'Kiến nghị, đề xuất', en: 'Proposals' },
};

export type ReportRuleCode =
  | 'PERIOD_INVALID'
  | 'PERIOD_NOT_STARTED'
  | 'VALUE_NOT_INTEGER'
  | 'VALUE_NEGATIVE'
  | 'VALUE_TOO_LARGE'
  | 'METRIC_UNKNOWN'
  | 'METRIC_DUPLICATE'
  | 'METRIC_NOT_APPLICABLE'
  | 'PART_EXCEEDS_WHOLE'
  | 'NARRATIVE_TOO_LONG'
  | 'VALUE_OUTLIER_HISTORY'
  | 'VALUE_OUTLIER_PEERS'
  | 'PETITIONS_ANSWERED_EXCEED_RECEIVED'
  | 'COMPLAINTS_HANDLED_EXCEED_RECEIVED'
  | 'NO_VALUES';

export interface ReportRule {
  code: ReportRuleCode;
  severity: Severity;
  description: Bilingual;
}

/** Every rule, in the order validateReport runs them (errors first). */
export const REPORT_RULES: readonly ReportRule[] = Object.freeze([
  rule('PERIOD_INVALID', Severity.ERROR, 'Kỳ báo cáo phải là một quý, dạng "2024Q1"', 'The period must be a quarter, e.g. "2024Q1"'),
  rule(
    'PERIOD_NOT_STARTED',
    Severity.ERROR,
    'Quý báo cáo phải đã bắt đầu theo giờ Việt Nam (được báo cáo ngay trong quý)',
    'The quarter must have started in Vietnam time (reporting during the quarter is allowed)',
  ),
  rule('VALUE_NOT_INTEGER', Severity.ERROR, 'Giá trị chỉ tiêu phải là số nguyên', 'Values must be whole numbers'),
  rule('VALUE_NEGATIVE', Severity.ERROR, 'Giá trị chỉ tiêu không được âm', 'Values must not be negative'),
  rule('VALUE_TOO_LARGE', Severity.ERROR, 'Giá trị chỉ tiêu không được vượt quá 1.000.000', 'Values must not exceed 1,000,000'),
  rule('METRIC_UNKNOWN', Severity.ERROR, 'Chỉ tiêu phải có trong danh mục chỉ tiêu', 'Metrics must be in the catalogue'),
  rule('METRIC_DUPLICATE', Severity.ERROR, 'Mỗi chỉ tiêu chỉ được khai báo một lần', 'Each metric may be given only once'),
  rule(
    'METRIC_NOT_APPLICABLE',
    Severity.ERROR,
    'Chỉ tiêu không áp dụng cho cấp của HĐND báo cáo thì chỉ được để 0',
    "A metric that does not apply at the reporting council's level may only be 0",
  ),
  rule(
    'PART_EXCEEDS_WHOLE',
    Severity.ERROR,
    'Chỉ tiêu bộ phận không được lớn hơn chỉ tiêu tổng (ví dụ: tiếp xúc cử tri chuyên đề so với hội nghị tiếp xúc cử tri)',
    'A part may not exceed its whole (e.g. thematic voter contacts vs. voter-contact meetings)',
  ),
  rule(
    'NARRATIVE_TOO_LONG',
    Severity.ERROR,
    'Mỗi phần nội dung (kết quả nổi bật; hạn chế; kiến nghị, đề xuất) dài tối đa 20.000 ký tự',
    'Each narrative part (highlights, shortcomings, proposals) is at most 20,000 characters',
  ),
  rule(
    'VALUE_OUTLIER_HISTORY',
    Severity.WARNING,
    'Giá trị gấp hơn 3 lần mức cao nhất của chính HĐND này ở các quý trước',
    "More than 3 times the council's own highest value in earlier quarters",
  ),
  rule(
    'VALUE_OUTLIER_PEERS',
    Severity.WARNING,
    'Giá trị gấp hơn 10 lần trung vị của các HĐND cùng cấp trong cùng kỳ',
    'More than 10 times the median of same-level councils for the same period',
  ),
  rule(
    'PETITIONS_ANSWERED_EXCEED_RECEIVED',
    Severity.WARNING,
    'Số kiến nghị cử tri đã được trả lời lớn hơn số tiếp nhận trong quý (có thể do trả lời cả kiến nghị tồn đọng)',
    'More voter petitions answered than received this quarter (possible when the backlog is answered too)',
  ),
  rule(
    'COMPLAINTS_HANDLED_EXCEED_RECEIVED',
    Severity.WARNING,
    'Số đơn thư đã xử lý lớn hơn số tiếp nhận trong quý (có thể do xử lý cả đơn tồn đọng)',
    'More complaints handled than received this quarter (possible when the backlog is handled too)',
  ),
  rule('NO_VALUES', Severity.WARNING, 'Báo cáo không có số liệu chỉ tiêu nào', 'The report has no metric values'),
]);

function rule(code: ReportRuleCode, severity: Severity, vi: string, en: string): ReportRule {
  return Object.freeze({ code, severity, description: Object.freeze({ vi, en }) });
}

const SEVERITY_OF = new Map(REPORT_RULES.map((r) => [r.code, r.severity]));

/** One line of `values`, looked at once for all rules. */
interface Entry {
  index: number;
  code: string;
  value: unknown;
  def: RuleMetric | undefined;
  /** The first line for its metric; cross-metric rules use only first lines. */
  first: boolean;
  /** A whole number within 0..MAX_METRIC_VALUE: safe to compare. */
  sound: boolean;
}

interface Prepared {
  draft: ReportDraft;
  ctx: RuleContext;
  entries: Entry[];
  firstByCode: Map<string, Entry>;
  quarter: QuarterPeriod | null;
  periodError: InvalidInputError | null;
}

function prepare(draft: ReportDraft, ctx: RuleContext): Prepared {
  const firstByCode = new Map<string, Entry>();
  const values = Array.isArray(draft.values) ? draft.values : [];
  const entries = values.map((v, index): Entry => {
    const code = String(v?.metric);
    const value: unknown = v?.value;
    const entry: Entry = {
      index,
      code,
      value,
      def: ctx.metrics.get(code),
      first: !firstByCode.has(code),
      sound: typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_METRIC_VALUE,
    };
    if (entry.first) firstByCode.set(code, entry);
    return entry;
  });
  let quarter: QuarterPeriod | null = null;
  let periodError: InvalidInputError | null = null;
  try {
    // Stryker disable next-line StringLiteral: equivalent, the finding takes its field from PERIOD_INVALID, not from this error.
    quarter = parseQuarter(draft.period, 'period');
  } catch (e) {
    // Stryker disable next-line ConditionalExpression: parseQuarter throws only InvalidInputError, whatever it is given; the guard keeps a future bug loud.
    if (!(e instanceof InvalidInputError)) throw e;
    periodError = e;
  }
  return { draft, ctx, entries, firstByCode, quarter, periodError };
}

function finding(code: ReportRuleCode, msg: Bilingual, field?: string, metric?: string): ValidationFinding {
  const f: ValidationFinding = { rule: code, severity: SEVERITY_OF.get(code)!, message: msg.vi, messageEn: msg.en };
  // Stryker disable next-line ConditionalExpression: equivalent today, every rule passes a field; the guard keeps undefined keys out of stored findings.
  if (field !== undefined) f.field = field;
  if (metric !== undefined) f.metric = metric;
  return f;
}

/** Keeps raw user input short and on one line inside a message. */
function shown(value: string): string {
  const oneLine = value.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 60)}…` : oneLine;
}

/** Vietnamese groups thousands with "." and uses "," for decimals; English the other way round. */
function num(n: unknown, lang: 'vi' | 'en'): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return shown(String(n));
  const s = String(Math.abs(n));
  if (s.includes('e')) return String(n);
  const [int, frac] = s.split('.') as [string, string | undefined];
  const grouped = int.replace(/\B(?=(\d{3})+$)/g, lang === 'vi' ? '.' : ',');
  const out = frac === undefined ? grouped : `${grouped}${lang === 'vi' ? ',' : '.'}${frac}`;
  return n < 0 ? `-${out}` : out;
}

function metricName(p: Prepared, code: string): Bilingual {
  const def = p.ctx.metrics.get(code);
  return def ? { vi: `“${def.nameVi}”`, en: `“${def.nameEn}”` } : { vi: `"${shown(code)}"`, en: `"${shown(code)}"` };
}

const valueField = (e: Entry): string => `values[${e.index}].value`;
const metricField = (e: Entry): string => `values[${e.index}].metric`;

type Check = (p: Prepared) => ValidationFinding[];

/** One value finding per line at most, most telling first: not a number, negative, too large, fractional. */
function valueProblem(e: Entry): ReportRuleCode | null {
  const v = e.value;
  if (typeof v !== 'number' || Number.isNaN(v)) return 'VALUE_NOT_INTEGER';
  if (v < 0) return 'VALUE_NEGATIVE';
  if (v > MAX_METRIC_VALUE) return 'VALUE_TOO_LARGE';
  if (!Number.isInteger(v)) return 'VALUE_NOT_INTEGER';
  return null;
}

function valueCheck(code: ReportRuleCode, text: (name: Bilingual, e: Entry) => Bilingual): Check {
  return (p) =>
    p.entries.filter((e) => valueProblem(e) === code).map((e) => finding(code, text(metricName(p, e.code), e), valueField(e), e.code));
}

/**
 * A soft part: usually ≤ the other metric, but a quarter may exceed it by
 * working off the backlog of earlier quarters, so only a warning.
 */
function softPartCheck(code: ReportRuleCode, partCode: string, wholeCode: string, reason: Bilingual): Check {
  return (p) => {
    const part = p.firstByCode.get(partCode);
    const whole = p.firstByCode.get(wholeCode);
    if (!part?.def || !whole?.def || !part.sound || !whole.sound) return [];
    if ((part.value as number) <= (whole.value as number)) return [];
    const pn = metricName(p, partCode);
    const wn = metricName(p, wholeCode);
    return [
      finding(
        code,
        {
          vi: `${pn.vi} (${num(part.value, 'vi')}) lớn hơn ${wn.vi} (${num(whole.value, 'vi')}) trong quý: ${reason.vi}; đề nghị kiểm tra lại`,
          en: `${pn.en} (${num(part.value, 'en')}) exceeds ${wn.en} (${num(whole.value, 'en')}) this quarter: ${reason.en}; please check`,
        },
        valueField(part),
        partCode,
      ),
    ];
  };
}

/** The nearest ancestor (via partOf) that this report gives a sound value for, if any. */
function presentWhole(p: Prepared, part: Entry): Entry | null {
  // Stryker disable next-line ArrayDeclaration: equivalent, a part that loops back to itself is compared with itself and passes.
  const seen = new Set([part.code]);
  // Stryker disable next-line OptionalChaining: equivalent, PART_EXCEEDS_WHOLE calls this only for a part with a definition.
  let parent = part.def?.partOf ?? undefined;
  // Stryker disable next-line LogicalOperator: equivalent, with `||` an undefined parent goes round once more and ends the same.
  while (parent !== undefined && !seen.has(parent)) {
    seen.add(parent);
    const e = p.firstByCode.get(parent);
    if (e) return e.sound ? e : null;
    parent = p.ctx.metrics.get(parent)?.partOf ?? undefined;
  }
  return null;
}

function outlierCheck(
  code: ReportRuleCode,
  reference: (p: Prepared) => ReadonlyMap<string, number> | undefined,
  factor: number,
  text: (name: Bilingual, e: Entry, ref: number) => Bilingual,
): Check {
  return (p) => {
    const refs = reference(p);
    if (!refs) return [];
    return p.entries
      .filter((e) => e.first && e.def && e.sound)
      .flatMap((e) => {
        const ref = refs.get(e.code);
        // No reference, or a zero one, gives no scale to compare with.
        if (ref === undefined || !Number.isFinite(ref) || ref <= 0) return [];
        if ((e.value as number) <= factor * ref) return [];
        return [finding(code, text(metricName(p, e.code), e, ref), valueField(e), e.code)];
      });
  };
}

/**
 * PERIOD_NOT_STARTED on its own: a quarter that has not begun has no report, and its council (the unit as it will
 * stand then) is not looked up, so the API checks this first.
 */
export function quarterNotStarted(q: QuarterPeriod, now: Date): ValidationFinding[] {
  if (now.getTime() >= quarterStart(q).getTime()) return [];
  const label = periodLabel(q);
  const start = vietnamDate(quarterStart(q));
  return [
    finding(
      'PERIOD_NOT_STARTED',
      {
        vi: `${label.vi} chưa bắt đầu (bắt đầu từ ngày ${vietnameseDateText(start)} theo giờ Việt Nam), chưa thể báo cáo`,
        en: `${label.en} has not started yet (it starts on ${start}, Vietnam time), so it cannot be reported`,
      },
      'period',
    ),
  ];
}

const CHECKS: Record<ReportRuleCode, Check> = {
  PERIOD_INVALID: (p) =>
    p.periodError ? [finding('PERIOD_INVALID', { vi: p.periodError.message, en: p.periodError.messageEn }, 'period')] : [],

  PERIOD_NOT_STARTED: (p) => (p.quarter ? quarterNotStarted(p.quarter, p.ctx.now) : []),

  VALUE_NOT_INTEGER: valueCheck('VALUE_NOT_INTEGER', (n, e) => ({
    vi: `Giá trị của chỉ tiêu ${n.vi} phải là số nguyên (đang là ${num(e.value, 'vi')})`,
    en: `The value of ${n.en} must be a whole number (got ${num(e.value, 'en')})`,
  })),

  VALUE_NEGATIVE: valueCheck('VALUE_NEGATIVE', (n, e) => ({
    vi: `Giá trị của chỉ tiêu ${n.vi} không được âm (đang là ${num(e.value, 'vi')})`,
    en: `The value of ${n.en} must not be negative (got ${num(e.value, 'en')})`,
  })),

  VALUE_TOO_LARGE: valueCheck('VALUE_TOO_LARGE', (n, e) => ({
    vi: `Giá trị của chỉ tiêu ${n.vi} quá lớn (đang là ${num(e.value, 'vi')}; tối đa ${num(MAX_METRIC_VALUE, 'vi')})`,
    en: `The value of ${n.en} is too large (got ${num(e.value, 'en')}; at most ${num(MAX_METRIC_VALUE, 'en')})`,
  })),

  METRIC_UNKNOWN: (p) =>
    p.entries
      .filter((e) => !e.def)
      .map((e) =>
        finding(
          'METRIC_UNKNOWN',
          {
            vi: `Chỉ tiêu "${shown(e.code)}" không có trong danh mục chỉ tiêu`,
            en: `Metric "${shown(e.code)}" is not in the catalogue`,
          },
          metricField(e),
          e.code,
        ),
      ),

  METRIC_DUPLICATE: (p) =>
    p.entries
      .filter((e) => !e.first)
      .map((e) => {
        const n = metricName(p, e.code);
        const firstIndex = p.firstByCode.get(e.code)!.index;
        return finding(
          'METRIC_DUPLICATE',
          {
            vi: `Chỉ tiêu ${n.vi} được khai báo nhiều lần (đã có ở dòng ${firstIndex + 1}); mỗi chỉ tiêu chỉ khai báo một lần`,
            en: `${n.en} is given more than once (already on line ${firstIndex + 1}); give each metric once`,
          },
          metricField(e),
          e.code,
        );
      }),

  METRIC_NOT_APPLICABLE: (p) => {
    const level = p.draft.unitLevel;
    const label = LEVEL_LABELS[level] ?? { vi: String(level), en: String(level) };
    return (
      p.entries
        // Zero is harmless: forms may send every metric, applicable or not.
        .filter((e) => e.def && !e.def.levels.includes(level) && typeof e.value === 'number' && !Number.isNaN(e.value) && e.value !== 0)
        .map((e) => {
          const n = metricName(p, e.code);
          return finding(
            'METRIC_NOT_APPLICABLE',
            {
              vi: `Chỉ tiêu ${n.vi} không áp dụng cho ${label.vi}; chỉ được để 0`,
              en: `${n.en} does not apply to ${label.en.toLowerCase()}; only 0 is allowed`,
            },
            metricField(e),
            e.code,
          );
        })
    );
  },

  PART_EXCEEDS_WHOLE: (p) =>
    p.entries
      .filter((e) => e.first && e.sound && e.def?.partOf)
      .flatMap((e) => {
        const whole = presentWhole(p, e);
        if (!whole || (e.value as number) <= (whole.value as number)) return [];
        const pn = metricName(p, e.code);
        const wn = metricName(p, whole.code);
        return [
          finding(
            'PART_EXCEEDS_WHOLE',
            {
              vi: `${pn.vi} (${num(e.value, 'vi')}) không được lớn hơn ${wn.vi} (${num(whole.value, 'vi')}), vì là một phần của chỉ tiêu này`,
              en: `${pn.en} (${num(e.value, 'en')}) cannot exceed ${wn.en} (${num(whole.value, 'en')}), of which it is a part`,
            },
            valueField(e),
            e.code,
          ),
        ];
      }),

  NARRATIVE_TOO_LONG: (p) =>
    NARRATIVE_FIELDS.flatMap((field) => {
      const text = p.draft[field];
      if (typeof text !== 'string') return [];
      const length = narrativeLength(text);
      if (length <= MAX_NARRATIVE_LENGTH) return [];
      const label = NARRATIVE_LABELS[field];
      return [
        finding(
          'NARRATIVE_TOO_LONG',
          {
            vi: `Phần “${label.vi}” quá dài (${num(length, 'vi')} ký tự; tối đa ${num(MAX_NARRATIVE_LENGTH, 'vi')})`,
            en: `“${label.en}” is too long (${num(length, 'en')} characters; at most ${num(MAX_NARRATIVE_LENGTH, 'en')})`,
          },
          field,
        ),
      ];
    }),

  VALUE_OUTLIER_HISTORY: outlierCheck(
    'VALUE_OUTLIER_HISTORY',
    (p) => p.ctx.history?.previousMax,
    HISTORY_OUTLIER_FACTOR,
    (n, e, ref) => ({
      vi: `${n.vi} là ${num(e.value, 'vi')}, gấp hơn ${HISTORY_OUTLIER_FACTOR} lần mức cao nhất của HĐND này ở các quý trước (${num(ref, 'vi')}); đề nghị kiểm tra lại`,
      en: `${n.en} is ${num(e.value, 'en')}, more than ${HISTORY_OUTLIER_FACTOR} times this council's highest in earlier quarters (${num(ref, 'en')}); please check`,
    }),
  ),

  VALUE_OUTLIER_PEERS: outlierCheck(
    'VALUE_OUTLIER_PEERS',
    (p) => p.ctx.history?.peerMedian,
    PEER_OUTLIER_FACTOR,
    (n, e, ref) => ({
      vi: `${n.vi} là ${num(e.value, 'vi')}, gấp hơn ${PEER_OUTLIER_FACTOR} lần trung vị của các HĐND cùng cấp trong kỳ (${num(ref, 'vi')}); đề nghị kiểm tra lại`,
      en: `${n.en} is ${num(e.value, 'en')}, more than ${PEER_OUTLIER_FACTOR} times the median of same-level councils this period (${num(ref, 'en')}); please check`,
    }),
  ),

  PETITIONS_ANSWERED_EXCEED_RECEIVED: softPartCheck('PETITIONS_ANSWERED_EXCEED_RECEIVED', 'petitions.answered', 'petitions.received', {
    vi: 'có thể do đã trả lời cả kiến nghị tồn đọng từ các kỳ trước',
    en: 'possible if petitions left over from earlier quarters were answered too',
  }),

  COMPLAINTS_HANDLED_EXCEED_RECEIVED: softPartCheck('COMPLAINTS_HANDLED_EXCEED_RECEIVED', 'complaints.handled', 'complaints.received', {
    vi: 'có thể do đã xử lý cả đơn thư tồn đọng từ các kỳ trước',
    en: 'possible if letters left over from earlier quarters were handled too',
  }),

  NO_VALUES: (p) =>
    p.entries.length === 0
      ? [finding('NO_VALUES', { vi: 'Báo cáo chưa có số liệu chỉ tiêu nào', en: 'The report has no metric values' }, 'values')]
      : [],
};

/**
 * Characters as a person counts them: code points of the NFC form, so that
 * Vietnamese typed with combining diacritics (NFD) is not counted double.
 */
function narrativeLength(text: string): number {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut only, normalising gives the same count.
  if (text.length <= MAX_NARRATIVE_LENGTH) return text.length; // NFC and code points only shrink the count
  return Array.from(text.normalize('NFC')).length;
}

/** Runs every rule; findings come in REPORT_RULES order, then line order. Pure and deterministic. */
export function validateReport(draft: ReportDraft, ctx: RuleContext): ValidationFinding[] {
  const prepared = prepare(draft, ctx);
  return REPORT_RULES.flatMap((r) => CHECKS[r.code](prepared));
}

/**
 * The rules whose finding means the input cannot be stored even as a draft, so
 * they refuse `saveReport` as well as `submitReport`. A draft is kept as typed
 * (its values as JSON, its narrative as text, no CHECK on either), and read back
 * as `MetricValue { metric: Metric!, value: Int! }`, so it cannot hold:
 *
 * - PERIOD_INVALID, PERIOD_NOT_STARTED: the quarter is the report's key (one
 *   report per council and quarter, the council as it stood when the quarter
 *   began): there is no report of a quarter that is not one, or has not begun;
 * - VALUE_NOT_INTEGER: `value` is an Int when read back (and in a version's rows);
 * - METRIC_UNKNOWN: `metric` is a catalogue Metric when read back;
 * - METRIC_DUPLICATE: a report holds one value per metric.
 *
 * Every other rule (VALUE_NEGATIVE, VALUE_TOO_LARGE, METRIC_NOT_APPLICABLE,
 * PART_EXCEEDS_WHOLE, NARRATIVE_TOO_LONG and the warnings) is about figures or
 * text the draft can hold: its findings are stored with the draft and returned,
 * and only an ERROR among them blocks submission. Refused before these rules,
 * for both operations: text PostgreSQL cannot store (NUL, lone surrogates:
 * TEXT_UNSTORABLE, at the GraphQL layer), too many values, a unit outside the
 * caller's scope.
 */
export const STRUCTURAL_RULES: readonly ReportRuleCode[] = Object.freeze([
  'PERIOD_INVALID',
  'PERIOD_NOT_STARTED',
  'VALUE_NOT_INTEGER',
  'METRIC_UNKNOWN',
  'METRIC_DUPLICATE',
]);

const STRUCTURAL = new Set<string>(STRUCTURAL_RULES);

/** A finding that refuses saving the draft too (see STRUCTURAL_RULES); any other is stored with it. */
export function refusesStorage(finding: Pick<ValidationFinding, 'rule'>): boolean {
  return STRUCTURAL.has(finding.rule);
}

/** A finding that blocks submission: any ERROR. */
export function blocksSubmission(finding: Pick<ValidationFinding, 'severity'>): boolean {
  return finding.severity === Severity.ERROR;
}

/** Whether any finding blocks submission. */
export function hasBlockingFindings(findings: readonly ValidationFinding[]): boolean {
  return findings.some(blocksSubmission);
}

/** Whether any finding refuses even a draft. */
export function hasStructuralFindings(findings: readonly ValidationFinding[]): boolean {
  return findings.some(refusesStorage);
}

/**
 * The error to throw when a submission (or, with `refuses = refusesStorage`,
 * a draft) is refused: the first refusing finding's message and field (as a
 * path in the GraphQL input), with every refusing rule code and all findings in
 * the details so a client can show them all.
 * Calling it without any refusing finding is a programming error.
 */
export function toInvalidInputError(
  findings: readonly ValidationFinding[],
  refuses: (f: ValidationFinding) => boolean = blocksSubmission,
): InvalidInputError {
  const errors = findings.filter(refuses);
  const first = errors[0];
  if (!first) throw new Error('toInvalidInputError: no ERROR finding');
  const more = errors.length - 1;
  const message: Bilingual = {
    vi: more > 0 ? `${first.message} (và ${more} lỗi khác)` : first.message,
    en: more > 0 ? `${first.messageEn} (and ${more} more error${more > 1 ? 's' : ''})` : first.messageEn,
  };
  return new InvalidInputError(first.field ? `input.${first.field}` : 'input', message, {
    rules: [...new Set(errors.map((f) => f.rule))],
    findings: findings.map((f) => ({ ...f })),
  });
}

/** The rules about figures alone (no period, no history, no narrative): annual targets must satisfy them too. */
export const FIGURE_RULES: readonly ReportRuleCode[] = [
  'VALUE_NOT_INTEGER',
  'VALUE_NEGATIVE',
  'VALUE_TOO_LARGE',
  'METRIC_UNKNOWN',
  'METRIC_DUPLICATE',
  'METRIC_NOT_APPLICABLE',
  'PART_EXCEEDS_WHOLE',
];

/** Figures checked on their own, e.g. a council's annual targets. */
export function validateFigures(
  values: ReportDraft['values'],
  unitLevel: CouncilLevel,
  metrics: RuleContext['metrics'],
): ValidationFinding[] {
  // Any valid quarter serves: no period rule runs.
  // Stryker disable next-line StringLiteral: equivalent, no rule about the unit or the period runs on figures.
  const prepared = prepare({ unitCode: '', unitLevel, period: '2000Q1', values }, { now: new Date(), metrics });
  return REPORT_RULES.filter((r) => FIGURE_RULES.includes(r.code)).flatMap((r) => CHECKS[r.code](prepared));
}
