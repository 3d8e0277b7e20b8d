/**
 * Refused writes of directives, plans, meetings and assignments change
 * nothing: for each, every table of the city and district schemas — the
 * outboxes included, so no event leaves for a refused write — has the same
 * row count and the same checksum of its rows after the refusal as before it.
 * Bad input is BAD_USER_INPUT naming the field at fault; a write outside the
 * caller's scope (a neighbour district or its communes, another ward, a
 * viewer) is FORBIDDEN; a step the state does not allow is CONFLICT (refused
 * inside the transaction, so this also proves the rollback).
 *
 * The fixtures (test/support/council-fixtures.ts) give each kind something to
 * damage: plans that a refused write must not overwrite, meetings with
 * connection points, agenda and conclusions, assignments with notes.
 */
import { daysFromNow, expectRefusal, PLAN_YEAR, useCouncilFixtures } from './support/council-fixtures.js';
import { gql } from './support/graphql.js';
import { councilWards, phuongOf, valueList } from './support/reporting.js';
import { expectUnchanged, tableState } from './support/table-state.js';

const ISSUE = `mutation($i: IssueDirectiveInput!) { issueDirective(input: $i) { id title body targetUnitCodes } }`;
const PLAN = `mutation($i: AnnualPlanInput!) { setAnnualPlan(input: $i) { id unitCode year revision note } }`;
const CREATE = `mutation($i: CreateBriefingMeetingInput!) { createBriefingMeeting(input: $i) { id host { code } connectionPoints { unit { code } } } }`;
const ATTEND = `mutation($m: ID!, $u: String!, $s: AttendanceStatus!, $a: Int, $n: String) { recordAttendance(meetingId: $m, unitCode: $u, status: $s, attendees: $a, note: $n) { status attendees note } }`;
const AGENDA = `mutation($m: ID!, $i: AgendaItemInput!) { addAgendaItem(meetingId: $m, input: $i) { id position title } }`;
const CONCLUDE = `mutation($m: ID!, $t: String!) { addConclusion(meetingId: $m, text: $t) { id position text } }`;
const ACK = `mutation($id: ID!) { acknowledgeAssignment(id: $id) { id status } }`;
const UPDATE = `mutation($id: ID!, $s: AssignmentStatus!, $p: Int, $n: String, $r: String) {
  updateAssignment(id: $id, status: $s, progressPercent: $p, note: $n, completionReason: $r) { id status progressPercent lastNote completionReason } }`;

const MISSING = '00000000-0000-4000-8000-000000000000';

const f = useCouncilFixtures('refused_writes');

/** One refused write: who sends what to which API, and the code (and field) it must be refused with. */
type Case = [
  name: string,
  api: 'city' | 'district',
  user: string,
  query: string,
  vars: () => Record<string, unknown>,
  code: string,
  field?: string,
];

/** Sends the write as `user` (token fetched first: signing in is not the write) and checks the refusal and that no table moved. */
async function refused([, api, user, query, vars, code, field]: Case): Promise<void> {
  const token = await f.token(api, user);
  const variables = vars();
  const res = await expectUnchanged(f.pool, f.tables, () => gql((api === 'city' ? f.city : f.district).graphql, query, variables, token));
  expectRefusal(res, code, field, strings(variables));
}

/** Every string the request carried: an error message may quote what the user sent. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

const firstWard = (district: string) => councilWards(district)[0];

describe('issueDirective (city-api)', () => {
  const valid = () => ({
    title: 'Rà soát kiến nghị cử tri',
    body: 'Rà soát, tổng hợp kiến nghị cử tri chưa được giải quyết.',
    dueDate: daysFromNow(10),
  });
  it.each<Case>([
    ['a blank title', 'city', 'city', ISSUE, () => ({ i: { ...valid(), title: '  ' } }), 'BAD_USER_INPUT', 'input.title'],
    [
      'a title of 501 characters',
      'city',
      'city',
      ISSUE,
      () => ({ i: { ...valid(), title: 'ạ'.repeat(501) } }),
      'BAD_USER_INPUT',
      'input.title',
    ],
    ['an empty body', 'city', 'city', ISSUE, () => ({ i: { ...valid(), body: '\n' } }), 'BAD_USER_INPUT', 'input.body'],
    [
      'a reference of 201 characters',
      'city',
      'city',
      ISSUE,
      () => ({ i: { ...valid(), reference: 'x'.repeat(201) } }),
      'BAD_USER_INPUT',
      'input.reference',
    ],
    [
      'a due date yesterday',
      'city',
      'city',
      ISSUE,
      () => ({ i: { ...valid(), dueDate: daysFromNow(-1) } }),
      'BAD_USER_INPUT',
      'input.dueDate',
    ],
    [
      'an unknown target',
      'city',
      'city',
      ISSUE,
      () => ({ i: { ...valid(), targetUnitCodes: ['017', '99999'] } }),
      'BAD_USER_INPUT',
      'input.targetUnitCodes[1]',
    ],
    [
      'a target without a council (a phường)',
      'city',
      'city',
      ISSUE,
      () => ({ i: { ...valid(), targetUnitCodes: [phuongOf('009')[0]] } }),
      'BAD_USER_INPUT',
      'input.targetUnitCodes[0]',
    ],
    [
      'a malformed meeting id',
      'city',
      'city',
      ISSUE,
      () => ({ i: { ...valid(), briefingMeetingId: 'giao-ban-quy-1' } }),
      'BAD_USER_INPUT',
      'input.briefingMeetingId',
    ],
    [
      'a meeting another unit hosted',
      'city',
      'city',
      ISSUE,
      () => ({ i: { ...valid(), briefingMeetingId: f.gialamMeetingId } }),
      'BAD_USER_INPUT',
      'input.briefingMeetingId',
    ],
    [
      'an unknown conclusion',
      'city',
      'city',
      ISSUE,
      () => ({ i: { ...valid(), briefingMeetingId: f.cityMeetingId, briefingConclusionId: MISSING } }),
      'BAD_USER_INPUT',
      'input.briefingConclusionId',
    ],
    [
      'Đông Anh directing Gia Lâm, its neighbour',
      'city',
      'd017',
      ISSUE,
      () => ({ i: { ...valid(), targetUnitCodes: ['018'] } }),
      'FORBIDDEN',
      'input.targetUnitCodes[0]',
    ],
    [
      'Đông Anh directing a commune of Gia Lâm beside its own',
      'city',
      'd017',
      ISSUE,
      () => ({ i: { ...valid(), targetUnitCodes: [firstWard('017'), firstWard('018')] } }),
      'FORBIDDEN',
      'input.targetUnitCodes[1]',
    ],
    [
      'Đông Anh hanging a directive on Gia Lâm’s meeting',
      'city',
      'd017',
      ISSUE,
      () => ({ i: { ...valid(), briefingMeetingId: f.gialamMeetingId } }),
      'BAD_USER_INPUT',
      'input.briefingMeetingId',
    ],
    ['a commune’s staff issuing', 'city', 'w00457', ISSUE, () => ({ i: valid() }), 'FORBIDDEN'],
    ['a viewer issuing', 'city', 'viewer', ISSUE, () => ({ i: valid() }), 'FORBIDDEN'],
  ])('refuses %s, and writes nothing', async (...c) => refused(c));
});

describe('setAnnualPlan (district-api)', () => {
  // Đông Anh (017), Gia Lâm (018) and Thuỵ Lâm (00460) have a plan for the year already: a refused write must not touch it.
  const plan =
    (unitCode: string, targets = valueList({ 'sessions.regular': 2, 'resolutions.issued': 12 }), extra: Record<string, unknown> = {}) =>
    () => ({ i: { unitCode, year: PLAN_YEAR, targets, ...extra } });
  it.each<Case>([
    ['a year before 2000', 'district', 'd017', PLAN, () => ({ i: { ...plan('017')().i, year: 1999 } }), 'BAD_USER_INPUT', 'input.year'],
    ['a year after 2100', 'district', 'd017', PLAN, () => ({ i: { ...plan('017')().i, year: 2101 } }), 'BAD_USER_INPUT', 'input.year'],
    ['an unknown unit', 'district', 'city', PLAN, plan('99999'), 'BAD_USER_INPUT', 'input.unitCode'],
    [
      'an unknown metric',
      'district',
      'd017',
      PLAN,
      plan('017', [{ metric: 'sessions.secret', value: 1 }]),
      'BAD_USER_INPUT',
      'input.targets[0].metric',
    ],
    [
      'a negative target',
      'district',
      'd017',
      PLAN,
      plan('017', valueList({ 'sessions.regular': 2, 'resolutions.issued': -1 })),
      'BAD_USER_INPUT',
      'input.targets[1].value',
    ],
    [
      'a metric given twice',
      'district',
      'd017',
      PLAN,
      plan('017', [
        { metric: 'sessions.regular', value: 2 },
        { metric: 'sessions.regular', value: 3 },
      ]),
      'BAD_USER_INPUT',
      'input.targets[1].metric',
    ],
    [
      'a note of 2,001 characters',
      'district',
      'd017',
      PLAN,
      plan('017', undefined, { note: 'ư'.repeat(2001) }),
      'BAD_USER_INPUT',
      'input.note',
    ],
    ['Đông Anh setting Gia Lâm’s plan', 'district', 'd017', PLAN, plan('018'), 'FORBIDDEN', 'input.unitCode'],
    ['Đông Anh setting the plan of a commune of Gia Lâm', 'district', 'd017', PLAN, plan(firstWard('018')), 'FORBIDDEN', 'input.unitCode'],
    ['a ward clerk setting another ward’s plan', 'district', 'w00457', PLAN, plan('00460'), 'FORBIDDEN', 'input.unitCode'],
    ['a ward clerk setting its district’s plan', 'district', 'w00457', PLAN, plan('017'), 'FORBIDDEN', 'input.unitCode'],
    ['anyone setting a plan for a phường (no council)', 'district', 'city', PLAN, plan(phuongOf('009')[0]), 'FORBIDDEN', 'input.unitCode'],
    ['a viewer setting a plan', 'district', 'viewer', PLAN, plan('00457'), 'FORBIDDEN'],
  ])('refuses %s, and writes nothing', async (...c) => refused(c));
});

describe('briefing meetings (city-api)', () => {
  const meeting =
    (extra: Record<string, unknown> = {}) =>
    () => ({ i: { period: '2024Q2', title: 'Giao ban quý II/2024', startsAt: '2024-07-19T01:30:00Z', ...extra } });
  it.each<Case>([
    ['a meeting for a period that is none', 'city', 'city', CREATE, meeting({ period: 'Q2/2024' }), 'BAD_USER_INPUT', 'input.period'],
    ['a meeting with a blank title', 'city', 'city', CREATE, meeting({ title: ' ' }), 'BAD_USER_INPUT', 'input.title'],
    [
      'a meeting starting in 1900',
      'city',
      'city',
      CREATE,
      meeting({ startsAt: '1900-01-01T00:00:00Z' }),
      'BAD_USER_INPUT',
      'input.startsAt',
    ],
    [
      'a meeting hosted by an unknown unit',
      'city',
      'city',
      CREATE,
      meeting({ hostUnitCode: '99999' }),
      'BAD_USER_INPUT',
      'input.hostUnitCode',
    ],
    ['a meeting hosted by a commune', 'city', 'city', CREATE, meeting({ hostUnitCode: '00457' }), 'BAD_USER_INPUT', 'input.hostUnitCode'],
    [
      'a meeting with a presenter that takes no part',
      'city',
      'city',
      CREATE,
      meeting({ agenda: [{ title: 'a' }, { title: 'b', presenterUnitCode: '00457' }] }),
      'BAD_USER_INPUT',
      'input.agenda[1].presenterUnitCode',
    ],
    ['Đông Anh creating a meeting for Gia Lâm', 'city', 'd017', CREATE, meeting({ hostUnitCode: '018' }), 'FORBIDDEN'],
    ['Đông Anh creating a meeting for the city', 'city', 'd017', CREATE, meeting({ hostUnitCode: '01' }), 'FORBIDDEN'],
    ['a commune’s staff creating a meeting', 'city', 'w00457', CREATE, meeting(), 'FORBIDDEN'],
    ['a viewer creating a meeting', 'city', 'viewer', CREATE, meeting(), 'FORBIDDEN'],
  ])('createBriefingMeeting: refuses %s, and writes nothing', async (...c) => refused(c));

  it.each<Case>([
    ['a malformed meeting id', 'city', 'city', ATTEND, () => ({ m: 'not-a-uuid', u: '009', s: 'PRESENT' }), 'BAD_USER_INPUT', 'meetingId'],
    ['an unknown meeting', 'city', 'city', ATTEND, () => ({ m: MISSING, u: '009', s: 'PRESENT' }), 'BAD_USER_INPUT', 'meetingId'],
    [
      'a unit that is no connection point',
      'city',
      'city',
      ATTEND,
      () => ({ m: f.cityMeetingId, u: '00457', s: 'PRESENT' }),
      'BAD_USER_INPUT',
      'unitCode',
    ],
    [
      'negative attendees',
      'city',
      'city',
      ATTEND,
      () => ({ m: f.cityMeetingId, u: '009', s: 'PRESENT', a: -1 }),
      'BAD_USER_INPUT',
      'attendees',
    ],
    [
      'attendees at an absent point',
      'city',
      'city',
      ATTEND,
      () => ({ m: f.cityMeetingId, u: '009', s: 'ABSENT', a: 4 }),
      'BAD_USER_INPUT',
      'attendees',
    ],
    ['an unknown status', 'city', 'city', ATTEND, () => ({ m: f.cityMeetingId, u: '009', s: 'LATE' }), 'BAD_USER_INPUT', 's'],
    [
      'Đông Anh recording at Gia Lâm’s meeting',
      'city',
      'd017',
      ATTEND,
      () => ({ m: f.gialamMeetingId, u: f.gialamCommune, s: 'ABSENT' }),
      'FORBIDDEN',
    ],
    [
      'Gia Lâm recording itself present at the city’s meeting',
      'city',
      'd018',
      ATTEND,
      () => ({ m: f.cityMeetingId, u: '018', s: 'PRESENT', a: 12 }),
      'FORBIDDEN',
    ],
    [
      'a commune recording itself at its district’s meeting',
      'city',
      `w${firstWard('018')}`,
      ATTEND,
      () => ({ m: f.gialamMeetingId, u: firstWard('018'), s: 'PRESENT', a: 5 }),
      'FORBIDDEN',
    ],
    ['a viewer recording attendance', 'city', 'viewer', ATTEND, () => ({ m: f.cityMeetingId, u: '009', s: 'PRESENT' }), 'FORBIDDEN'],
  ])('recordAttendance: refuses %s, and writes nothing', async (...c) => refused(c));

  it.each<Case>([
    ['an unknown meeting', 'city', 'city', AGENDA, () => ({ m: MISSING, i: { title: 'x' } }), 'BAD_USER_INPUT', 'meetingId'],
    ['an empty title', 'city', 'city', AGENDA, () => ({ m: f.cityMeetingId, i: { title: '' } }), 'BAD_USER_INPUT', 'input.title'],
    [
      'a presenter from outside the meeting',
      'city',
      'city',
      AGENDA,
      () => ({ m: f.cityMeetingId, i: { title: 'x', presenterUnitCode: '00457' } }),
      'BAD_USER_INPUT',
      'input.presenterUnitCode',
    ],
    [
      'Đông Anh adding to Gia Lâm’s agenda',
      'city',
      'd017',
      AGENDA,
      () => ({ m: f.gialamMeetingId, i: { title: 'Chen vào chương trình' } }),
      'FORBIDDEN',
    ],
    [
      'Gia Lâm adding to the city’s agenda',
      'city',
      'd018',
      AGENDA,
      () => ({ m: f.cityMeetingId, i: { title: 'Chen vào chương trình' } }),
      'FORBIDDEN',
    ],
    ['a commune’s staff adding to an agenda', 'city', 'w00457', AGENDA, () => ({ m: f.cityMeetingId, i: { title: 'x' } }), 'FORBIDDEN'],
    ['a viewer adding to an agenda', 'city', 'viewer', AGENDA, () => ({ m: f.cityMeetingId, i: { title: 'x' } }), 'FORBIDDEN'],
  ])('addAgendaItem: refuses %s, and writes nothing', async (...c) => refused(c));

  it.each<Case>([
    ['a blank conclusion', 'city', 'city', CONCLUDE, () => ({ m: f.cityMeetingId, t: ' \n ' }), 'BAD_USER_INPUT', 'text'],
    [
      'a conclusion of 20,001 characters',
      'city',
      'city',
      CONCLUDE,
      () => ({ m: f.cityMeetingId, t: 'ế'.repeat(20_001) }),
      'BAD_USER_INPUT',
      'text',
    ],
    ['a malformed meeting id', 'city', 'city', CONCLUDE, () => ({ m: `${MISSING.slice(0, -1)}g`, t: 'x' }), 'BAD_USER_INPUT', 'meetingId'],
    ['Đông Anh concluding Gia Lâm’s meeting', 'city', 'd017', CONCLUDE, () => ({ m: f.gialamMeetingId, t: 'Kết luận giả' }), 'FORBIDDEN'],
    ['Gia Lâm concluding the city’s meeting', 'city', 'd018', CONCLUDE, () => ({ m: f.cityMeetingId, t: 'Kết luận giả' }), 'FORBIDDEN'],
    ['a commune’s staff concluding', 'city', 'w00457', CONCLUDE, () => ({ m: f.cityMeetingId, t: 'x' }), 'FORBIDDEN'],
    ['a viewer concluding', 'city', 'viewer', CONCLUDE, () => ({ m: f.cityMeetingId, t: 'x' }), 'FORBIDDEN'],
  ])('addConclusion: refuses %s, and writes nothing', async (...c) => refused(c));
});

describe('assignments (district-api)', () => {
  const a = (unit: string) => f.assignments[unit];
  it.each<Case>([
    ['a malformed id', 'district', 'd017', ACK, () => ({ id: 'nhiem-vu-1' }), 'BAD_USER_INPUT', 'id'],
    ['an unknown id', 'district', 'd017', ACK, () => ({ id: MISSING }), 'NOT_FOUND', 'id'],
    ['Đông Anh acknowledging Gia Lâm’s assignment', 'district', 'd017', ACK, () => ({ id: a('018') }), 'FORBIDDEN', 'id'],
    [
      'Đông Anh acknowledging a Gia Lâm commune’s assignment',
      'district',
      'd017',
      ACK,
      () => ({ id: a(firstWard('018')) }),
      'FORBIDDEN',
      'id',
    ],
    ['a ward clerk acknowledging another ward’s assignment', 'district', 'w00457', ACK, () => ({ id: a('00460') }), 'FORBIDDEN', 'id'],
    ['a ward clerk acknowledging its district’s assignment', 'district', 'w00457', ACK, () => ({ id: a('017') }), 'FORBIDDEN', 'id'],
    ['a viewer acknowledging', 'district', 'viewer', ACK, () => ({ id: a('00457') }), 'FORBIDDEN'],
    ['a step back (in progress → acknowledged)', 'district', 'd018', ACK, () => ({ id: a('018') }), 'CONFLICT', 'status'],
  ])('acknowledgeAssignment: refuses %s, and writes nothing', async (...c) => refused(c));

  it.each<Case>([
    [
      'a percentage over 100',
      'district',
      'd017',
      UPDATE,
      () => ({ id: a('017'), s: 'IN_PROGRESS', p: 101 }),
      'BAD_USER_INPUT',
      'progressPercent',
    ],
    [
      'a negative percentage',
      'district',
      'd017',
      UPDATE,
      () => ({ id: a('017'), s: 'IN_PROGRESS', p: -1 }),
      'BAD_USER_INPUT',
      'progressPercent',
    ],
    [
      'completed at 50%',
      'district',
      'd017',
      UPDATE,
      () => ({ id: a('017'), s: 'COMPLETED', p: 50, r: 'x' }),
      'BAD_USER_INPUT',
      'progressPercent',
    ],
    [
      'a note of 5,001 characters',
      'district',
      'd017',
      UPDATE,
      () => ({ id: a('017'), s: 'IN_PROGRESS', n: 'ộ'.repeat(5001) }),
      'BAD_USER_INPUT',
      'note',
    ],
    [
      'a reason of 5,001 characters',
      'district',
      'd017',
      UPDATE,
      () => ({ id: a('017'), s: 'COMPLETED', r: 'ộ'.repeat(5001) }),
      'BAD_USER_INPUT',
      'completionReason',
    ],
    ['an unknown status', 'district', 'd017', UPDATE, () => ({ id: a('017'), s: 'DONE' }), 'BAD_USER_INPUT', 's'],
    ['a malformed id', 'district', 'd017', UPDATE, () => ({ id: '1', s: 'IN_PROGRESS' }), 'BAD_USER_INPUT', 'id'],
    [
      'Đông Anh moving Gia Lâm’s assignment on',
      'district',
      'd017',
      UPDATE,
      () => ({ id: a('018'), s: 'COMPLETED', r: 'Xong' }),
      'FORBIDDEN',
      'id',
    ],
    [
      'Đông Anh moving a Gia Lâm commune’s assignment on',
      'district',
      'd017',
      UPDATE,
      () => ({ id: f.gialamCommuneAssignment, s: 'IN_PROGRESS', p: 10 }),
      'FORBIDDEN',
      'id',
    ],
    [
      'a ward clerk moving another ward’s assignment on',
      'district',
      'w00457',
      UPDATE,
      () => ({ id: a('00460'), s: 'IN_PROGRESS', p: 10 }),
      'FORBIDDEN',
      'id',
    ],
    ['a viewer moving an assignment on', 'district', 'viewer', UPDATE, () => ({ id: a('00457'), s: 'IN_PROGRESS' }), 'FORBIDDEN'],
    ['a step back (in progress → pending)', 'district', 'd018', UPDATE, () => ({ id: a('018'), s: 'PENDING' }), 'CONFLICT', 'status'],
    [
      'completing while communes are open, without a reason',
      'district',
      'd017',
      UPDATE,
      () => ({ id: a('017'), s: 'COMPLETED', n: 'Xong phần huyện' }),
      'CONFLICT',
      'completionReason',
    ],
  ])('updateAssignment: refuses %s, and writes nothing', async (...c) => refused(c));
});

describe('the check itself', () => {
  it('covers the tables these writes go to, outboxes included', () => {
    expect(f.tables).toEqual(
      expect.arrayContaining([
        'city.directive',
        'city.outbox_event',
        'city.briefing_meeting',
        'city.briefing_connection_point',
        'city.briefing_agenda_item',
        'city.briefing_conclusion',
        'district.annual_plan',
        'district.assignment',
        'district.assignment_history',
        'district.outbox_event',
      ]),
    );
  });

  it('sees a row changed in place, not only rows added or removed', async () => {
    const before = await tableState(f.pool, f.tables);
    await f.pool.query(`UPDATE district.annual_plan SET note = coalesce(note, '') || '.' WHERE unit_code = '017'`);
    const after = await tableState(f.pool, f.tables);
    await f.pool.query(`UPDATE district.annual_plan SET note = nullif(left(note, -1), '') WHERE unit_code = '017'`);
    expect(after['district.annual_plan'].rows).toBe(before['district.annual_plan'].rows);
    expect(after['district.annual_plan'].md5).not.toBe(before['district.annual_plan'].md5);
    expect(Object.keys(after).filter((t) => after[t].md5 !== before[t].md5)).toEqual(['district.annual_plan']);
    expect(await tableState(f.pool, f.tables)).toEqual(before);
  });
});
