/**
 * The catalogue of events that cross between the district side and the city
 * side. Payloads are JSON-safe (strings, numbers, booleans, plain objects):
 * they are stored in an outbox row and carried by a queue job as they are.
 */

/** Everything the city needs to count a report, as of one change. */
export interface ReportSnapshot {
  reportId: string;
  unitCode: string;
  unitLevel: 'CITY' | 'DISTRICT' | 'WARD';
  /** The province-level root (Hanoi "01"). */
  rootCode: string;
  /** The district-level ancestor (itself for a district, null for the city council). */
  districtCode: string | null;
  period: string;
  /** Submission number: 1 for the first submission, +1 for each correction. */
  version: number;
  /** Change number of the report (submissions and reviews): the city applies a snapshot only if it is newer. */
  revision: number;
  status: 'SUBMITTED' | 'ACCEPTED' | 'RETURNED';
  /** Whether the figures count: a returned report stops counting until it is submitted again. */
  counts: boolean;
  values: Record<string, number>;
  late: boolean;
  dueDate: string;
  firstSubmittedAt: string | null;
  submittedAt: string;
  /** When this change happened (ISO). */
  changedAt: string;
}

/** A council's annual targets, as of one change. */
export interface AnnualPlanSnapshot {
  planId: string;
  unitCode: string;
  unitLevel: 'CITY' | 'DISTRICT' | 'WARD';
  rootCode: string;
  districtCode: string | null;
  year: number;
  revision: number;
  targets: Record<string, number>;
  changedAt: string;
}

/** A directive as issued by the city (or by a district to its wards), for the district side to fan out. */
export interface DirectiveIssuedPayload {
  directiveId: string;
  title: string;
  body: string;
  reference: string | null;
  issuedByUnit: string;
  issuedByUser: string;
  issuedAt: string;
  dueDate: string;
  targetUnitCodes: string[];
  cascadeToWards: boolean;
}

/** One assignment's state, as the district side holds it. */
export interface AssignmentSnapshot {
  assignmentId: string;
  directiveId: string;
  unitCode: string;
  unitLevel: 'CITY' | 'DISTRICT' | 'WARD';
  districtCode: string | null;
  parentId: string | null;
  status: 'PENDING' | 'ACKNOWLEDGED' | 'IN_PROGRESS' | 'COMPLETED';
  progressPercent: number;
  lastNote: string | null;
  dueDate: string;
  revision: number;
  updatedAt: string;
}

/** A request to reopen a closed quarter's report, as it stands after a step (asked, granted or refused). */
export interface ReopenSnapshot {
  id: string;
  reportId: string;
  unitCode: string;
  period: string;
  status: 'PENDING' | 'GRANTED' | 'REFUSED';
  reason: string;
  /** The decision's note, once decided. */
  note: string | null;
  requestedBy: string;
  decidedBy: string | null;
}

/** A quarter closed (khoá sổ) for a scope, as recorded on the district side: by hand or from the city's QuarterClosed. */
export interface QuarterClosureSnapshot {
  closureId: string;
  period: string;
  /** The city (its root code) or one district: its council and the councils under it. */
  scopeCode: string;
  closedBy: string;
  closedAt: string;
  /** `manual`, or `meeting:<id>`. */
  source: string;
}

export type DistrictEvent =
  | { type: 'ReportSubmitted'; payload: ReportSnapshot }
  | { type: 'ReportReturned'; payload: ReportSnapshot }
  | { type: 'ReportAccepted'; payload: ReportSnapshot }
  /** The quarter's deadline moved and with it whether the report counts as late. */
  | { type: 'ReportDeadlineChanged'; payload: ReportSnapshot }
  | { type: 'AnnualPlanSet'; payload: AnnualPlanSnapshot }
  /** Assignments created by a fan-out, or changed by their unit (a batch, so a fan-out is one event). */
  | { type: 'AssignmentsChanged'; payload: { assignments: AssignmentSnapshot[] } }
  /** A reopening asked for, granted or refused: the city side tells the people concerned (libs/notifications). */
  | { type: 'ReopenChanged'; payload: ReopenSnapshot }
  /** A closure recorded: the city side tells the councils it closes (libs/notifications). */
  | { type: 'QuarterClosureRecorded'; payload: QuarterClosureSnapshot };

/**
 * A quarter closed (khoá sổ) on the city side: the city's briefing meeting for it was marked held. The district side
 * records the closure, which stops saving, submitting and reviewing that quarter's reports unless one is reopened.
 */
export interface QuarterClosedPayload {
  period: string;
  /** The city (its root code) or one district. */
  scopeCode: string;
  closedBy: string;
  closedByRole: string;
  closedAt: string;
  /** What closed it: `meeting:<id>`. */
  source: string;
}

export type CityEvent =
  { type: 'DirectiveIssued'; payload: DirectiveIssuedPayload } | { type: 'QuarterClosed'; payload: QuarterClosedPayload };

export type CouncilEvent = DistrictEvent | CityEvent;
export type EventType = CouncilEvent['type'];
export type EventPayload<T extends EventType> = Extract<CouncilEvent, { type: T }>['payload'];

/** Every event type, checked against the union at compile time. */
export const EVENT_TYPES = [
  'ReportSubmitted',
  'ReportReturned',
  'ReportAccepted',
  'ReportDeadlineChanged',
  'AnnualPlanSet',
  'AssignmentsChanged',
  'ReopenChanged',
  'QuarterClosureRecorded',
  'DirectiveIssued',
  'QuarterClosed',
] as const satisfies readonly EventType[];
type Missing = Exclude<EventType, (typeof EVENT_TYPES)[number]>;
const _exhaustive: Missing extends never ? true : never = true;
void _exhaustive;
