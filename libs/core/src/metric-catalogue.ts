/**
 * The seeded metric catalogue: what council Standing Committees count, quarter
 * by quarter (see DOMAIN.md). Administrators may add metrics later, so nothing
 * here may assume this list is the whole catalogue.
 */
import type { Bilingual } from './errors.js';
import { CouncilLevel } from './levels.js';

export type MetricGroup =
  'sessions' | 'resolutions' | 'documents' | 'questioning' | 'supervision' | 'voters' | 'petitions' | 'confidence' | 'coordination';

/** In display order. */
export const METRIC_GROUPS: readonly MetricGroup[] = [
  'sessions',
  'resolutions',
  'documents',
  'questioning',
  'supervision',
  'voters',
  'petitions',
  'confidence',
  'coordination',
];

export const METRIC_GROUP_LABELS: Readonly<Record<MetricGroup, Bilingual>> = {
  sessions: { vi: 'Kỳ họp', en: 'Sessions' },
  resolutions: { vi: 'Nghị quyết', en: 'Resolutions' },
  documents: { vi: 'Tài liệu kỳ họp', en: 'Session documents' },
  questioning: { vi: 'Chất vấn, giải trình', en: 'Questioning and explanation' },
  supervision: { vi: 'Giám sát, khảo sát', en: 'Supervision and surveys' },
  voters: { vi: 'Tiếp xúc cử tri, tiếp công dân', en: 'Voter contact and citizen reception' },
  petitions: { vi: 'Kiến nghị cử tri, đơn thư', en: 'Voter petitions, complaints and denunciations' },
  confidence: { vi: 'Lấy phiếu tín nhiệm', en: 'Confidence votes' },
  coordination: { vi: 'Giao ban, phối hợp', en: 'Briefings and coordination' },
};

export interface MetricDefinition {
  code: string;
  nameVi: string;
  nameEn: string;
  group: MetricGroup;
  /** What one counts, in Vietnamese ("kỳ họp", "đơn"…). */
  unitVi: string;
  unitEn: string;
  /** Levels whose councils do this activity; elsewhere only 0 may be reported. */
  levels: CouncilLevel[];
  /**
   * The metric this one is a strict part of within one quarter's report
   * (so part ≤ whole must hold). Only true subsets: "answered ≤ received" is
   * not one, because a quarter also answers the backlog of earlier quarters.
   */
  partOf?: string;
  sortOrder: number;
}

/** Lowercase segments joined by dots, at least two: `voter_contacts.thematic`. */
export const METRIC_CODE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

const ALL: CouncilLevel[] = [CouncilLevel.CITY, CouncilLevel.DISTRICT, CouncilLevel.WARD];

type Seed = Omit<MetricDefinition, 'sortOrder' | 'levels'> & { levels?: CouncilLevel[] };

// Order is API.md's; sortOrder leaves gaps of 10 so added metrics can slot in between.
const SEED: Seed[] = [
  {
    code: 'sessions.regular',
    nameVi: 'Kỳ họp thường lệ',
    nameEn: 'Regular sessions',
    group: 'sessions',
    unitVi: 'kỳ họp',
    unitEn: 'sessions',
  },
  {
    code: 'sessions.thematic',
    nameVi: 'Kỳ họp chuyên đề',
    nameEn: 'Thematic sessions',
    group: 'sessions',
    unitVi: 'kỳ họp',
    unitEn: 'sessions',
  },
  {
    code: 'sessions.urgent',
    nameVi: 'Kỳ họp bất thường',
    nameEn: 'Urgent (extraordinary) sessions',
    group: 'sessions',
    unitVi: 'kỳ họp',
    unitEn: 'sessions',
  },
  {
    code: 'resolutions.issued',
    nameVi: 'Nghị quyết ban hành',
    nameEn: 'Resolutions issued',
    group: 'resolutions',
    unitVi: 'nghị quyết',
    unitEn: 'resolutions',
  },
  {
    code: 'documents.reviewed',
    nameVi: 'Báo cáo, tờ trình được xem xét',
    nameEn: 'Reports and proposals reviewed',
    group: 'documents',
    unitVi: 'văn bản',
    unitEn: 'documents',
  },
  {
    code: 'questioning.written',
    nameVi: 'Chất vấn bằng văn bản',
    nameEn: 'Written questions',
    group: 'questioning',
    unitVi: 'ý kiến',
    unitEn: 'questions',
  },
  {
    code: 'questioning.sessions',
    nameVi: 'Phiên chất vấn tại kỳ họp',
    nameEn: 'Questioning sessions at council sessions',
    group: 'questioning',
    unitVi: 'phiên',
    unitEn: 'sessions',
  },
  {
    code: 'explanations.sessions',
    nameVi: 'Phiên giải trình',
    nameEn: 'Explanation sessions',
    group: 'questioning',
    unitVi: 'phiên',
    unitEn: 'sessions',
  },
  {
    code: 'supervisions.thematic',
    nameVi: 'Giám sát chuyên đề',
    nameEn: 'Thematic supervisions',
    group: 'supervision',
    unitVi: 'cuộc',
    unitEn: 'supervisions',
  },
  { code: 'surveys.conducted', nameVi: 'Khảo sát', nameEn: 'Surveys conducted', group: 'supervision', unitVi: 'cuộc', unitEn: 'surveys' },
  {
    code: 'voter_contacts.meetings',
    nameVi: 'Hội nghị tiếp xúc cử tri',
    nameEn: 'Voter-contact meetings',
    group: 'voters',
    unitVi: 'cuộc',
    unitEn: 'meetings',
  },
  {
    code: 'voter_contacts.thematic',
    nameVi: 'Tiếp xúc cử tri chuyên đề',
    nameEn: 'Thematic voter-contact meetings',
    group: 'voters',
    unitVi: 'cuộc',
    unitEn: 'meetings',
    // Each thematic meeting is one of the quarter's voter-contact meetings.
    partOf: 'voter_contacts.meetings',
  },
  {
    code: 'citizen_receptions.sessions',
    nameVi: 'Buổi tiếp công dân',
    nameEn: 'Citizen reception sessions',
    group: 'voters',
    unitVi: 'buổi',
    unitEn: 'sessions',
  },
  {
    code: 'petitions.received',
    nameVi: 'Kiến nghị cử tri tiếp nhận',
    nameEn: 'Voter petitions received',
    group: 'petitions',
    unitVi: 'kiến nghị',
    unitEn: 'petitions',
  },
  // answered/resolved are not partOf received: they include the backlog (a warning rule covers them).
  {
    code: 'petitions.answered',
    nameVi: 'Kiến nghị cử tri đã được trả lời',
    nameEn: 'Voter petitions answered',
    group: 'petitions',
    unitVi: 'kiến nghị',
    unitEn: 'petitions',
  },
  {
    code: 'petitions.resolved',
    nameVi: 'Kiến nghị cử tri đã được giải quyết',
    nameEn: 'Voter petitions resolved',
    group: 'petitions',
    unitVi: 'kiến nghị',
    unitEn: 'petitions',
  },
  {
    code: 'complaints.received',
    nameVi: 'Đơn thư khiếu nại, tố cáo tiếp nhận',
    nameEn: 'Complaints and denunciations received',
    group: 'petitions',
    unitVi: 'đơn',
    unitEn: 'letters',
  },
  {
    code: 'complaints.handled',
    nameVi: 'Đơn thư khiếu nại, tố cáo đã xử lý',
    nameEn: 'Complaints and denunciations handled',
    group: 'petitions',
    unitVi: 'đơn',
    unitEn: 'letters',
  },
  {
    code: 'confidence_votes.persons',
    nameVi: 'Số người được lấy phiếu tín nhiệm',
    nameEn: 'Persons assessed in confidence votes',
    group: 'confidence',
    unitVi: 'người',
    unitEn: 'persons',
    // Only city (provincial) and district councils hold confidence votes (DOMAIN.md).
    levels: [CouncilLevel.CITY, CouncilLevel.DISTRICT],
  },
  {
    code: 'briefings.held',
    nameVi: 'Hội nghị giao ban',
    nameEn: 'Briefing meetings held',
    group: 'coordination',
    unitVi: 'hội nghị',
    unitEn: 'meetings',
  },
];

export const METRIC_CATALOGUE: readonly MetricDefinition[] = Object.freeze(
  SEED.map((m, i): MetricDefinition => Object.freeze({ ...m, levels: m.levels ?? [...ALL], sortOrder: (i + 1) * 10 })),
);

export const METRIC_CODES: readonly string[] = Object.freeze(METRIC_CATALOGUE.map((m) => m.code));

export function isValidMetricCode(code: string): boolean {
  return typeof code === 'string' && METRIC_CODE_PATTERN.test(code);
}

/** Code → definition, the shape validation's RuleContext wants. */
export function metricMap(): ReadonlyMap<string, MetricDefinition>;
export function metricMap<T extends { code: string }>(defs: readonly T[]): ReadonlyMap<string, T>;
export function metricMap(defs: readonly { code: string }[] = METRIC_CATALOGUE): ReadonlyMap<string, { code: string }> {
  return new Map(defs.map((d) => [d.code, d]));
}

/**
 * Problems in a catalogue (seeded or extended by an administrator), in English
 * for logs and admin errors; empty when the catalogue is sound. A part must
 * name an existing whole, apply only where its whole applies, and never loop.
 */
export function catalogueProblems(defs: readonly MetricDefinition[]): string[] {
  const problems: string[] = [];
  const byCode = new Map<string, MetricDefinition>();
  for (const d of defs) {
    if (!isValidMetricCode(d.code)) problems.push(`${d.code}: code does not match ${METRIC_CODE_PATTERN}`);
    if (byCode.has(d.code)) problems.push(`${d.code}: duplicate code`);
    byCode.set(d.code, d);
    if (!d.nameVi.trim() || !d.nameEn.trim()) problems.push(`${d.code}: missing name`);
    if (d.levels.length === 0) problems.push(`${d.code}: applies at no level`);
    if (!(d.group in METRIC_GROUP_LABELS)) problems.push(`${d.code}: unknown group ${d.group}`);
  }
  for (const d of defs) {
    if (d.partOf === undefined) continue;
    const whole = byCode.get(d.partOf);
    if (!whole) {
      problems.push(`${d.code}: partOf unknown metric ${d.partOf}`);
      continue;
    }
    const missing = d.levels.filter((l) => !whole.levels.includes(l));
    if (missing.length) problems.push(`${d.code}: applies at ${missing.join(', ')} where its whole ${whole.code} does not`);
    // Stryker disable next-line ArrayDeclaration: equivalent, a loop back to d is found one step later with the same message.
    const seen = new Set([d.code]);
    for (let cur: MetricDefinition | undefined = whole; cur?.partOf !== undefined; cur = byCode.get(cur.partOf)) {
      if (seen.has(cur.code)) {
        problems.push(`${d.code}: partOf cycle`);
        break;
      }
      seen.add(cur.code);
    }
  }
  return problems;
}
