import { CouncilLevel, defaultDueDate, parseQuarter, quarterEnd, Role, seededRandom } from '@council/core';
import type { StoredValue } from '@council/metrics';
import { type Actor, type ReportUnit, ReviewDecision, reviewTransition, submissionOf, submitUnderLock } from '@council/reporting';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

const log = new Logger('demo');
export const DEMO_USER = 'demo-seed';
/** Who the demo reports are filed and reviewed as (the audit log's user and role). */
const DEMO_ACTOR: Actor = { username: DEMO_USER, role: Role.CITY_ADMIN };
const RETURN_COMMENT = 'Đề nghị bổ sung số liệu tiếp xúc cử tri';
const QUARTERS = ['2024Q1', '2024Q2', '2024Q3', '2024Q4'];

/** total spread over n parts, as evenly as whole numbers allow, in a shuffled order. */
function spread(total: number, n: number, rnd: () => number): number[] {
  const parts = Array.from({ length: n }, (_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0));
  for (let i = parts.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [parts[i], parts[j]] = [parts[j], parts[i]];
  }
  return parts;
}

/**
 * A believable year of reports for every Hanoi council, filed and reviewed
 * through the reporting lib's own writers (`submitUnderLock`, the locked
 * submission path of the API, and `reviewTransition`, the review's): report,
 * version, values, audit entries and outbox events as the API writes them, so
 * the sync worker carries them to the city's figures like any other report.
 * One transaction: all of it or nothing.
 * Q1/2024 reproduces the briefing of seed 003 exactly (city 1 thematic session
 * and 20 resolutions; districts 26 and 102; communes 111 and 202); a few
 * councils have not reported Q4 yet, and one commune's Q3 report was returned.
 * Runs once: a database that already has demo reports is left alone.
 */
export async function seedDemo(db: DataSource): Promise<number> {
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM district.report_version WHERE submitted_by = $1`, [DEMO_USER]);
  if (n > 0) return 0;
  const units: ReportUnit[] = await db.query(
    `SELECT code, unit_id AS "unitId", level, root_code AS "rootCode", parent_code AS "parentCode" FROM hierarchy.council_unit
      WHERE root_code = '01' AND valid_to IS NULL AND council_from <= '2024-01-01' AND (council_to IS NULL OR council_to > '2024-01-01')
      ORDER BY code`,
  );
  const rnd = seededRandom(2024); // every demo database holds the same figures
  const districts = units.filter((u) => u.level === CouncilLevel.DISTRICT);
  const wards = units.filter((u) => u.level === CouncilLevel.WARD);
  const seed003 = {
    districtThematic: spread(26, districts.length, rnd),
    districtResolutions: spread(102, districts.length, rnd),
    wardThematic: spread(111, wards.length, rnd),
    wardResolutions: spread(202, wards.length, rnd),
  };
  const notYet = new Set(
    wards
      .filter(() => rnd() < 0.06)
      .map((w) => w.code)
      .concat(districts.slice(-2).map((d) => d.code)),
  );
  const returnedWard = wards[7]?.code;
  let written = 0;

  await db.transaction(async (tx) => {
    for (const period of QUARTERS) {
      const quarter = parseQuarter(period);
      const dueDate = defaultDueDate(quarter);
      // Filed from the 4th of the month after the quarter, and on time: by the due day, the 10th (deadlineInstant).
      const submittedAt = new Date(quarterEnd(quarter).getTime() + Math.min(3 + Math.floor(rnd() * 9), 9) * 86_400_000);
      const highlights = `Thường trực HĐND tổ chức các hoạt động theo chương trình công tác ${period.replace(/(\d{4})Q(\d)/, 'quý $2/$1')}.`;
      for (const unit of units) {
        if (period === '2024Q4' && notYet.has(unit.code)) continue;
        const values = figures(unit, period, rnd, seed003, districts, wards);
        const input = { unitCode: unit.code, period, values, highlights };
        const { view } = await submitUnderLock(
          tx,
          submissionOf({ user: DEMO_ACTOR, unit, quarter, dueDate, input, values, findings: [], idempotencyKey: null, at: submittedAt }),
        );
        // Q4 still awaits its review; the earlier quarters were reviewed as they came in, one commune's Q3 returned.
        if (period !== '2024Q4') {
          const returned = period === '2024Q3' && unit.code === returnedWard;
          await reviewTransition(tx, view.report, {
            decision: returned ? ReviewDecision.RETURN : ReviewDecision.ACCEPT,
            comment: returned ? RETURN_COMMENT : null,
            reviewer: DEMO_ACTOR,
            at: submittedAt,
            shown: view.shown ?? undefined,
          });
        }
        written++;
      }
    }
  });
  log.log(`demo data: ${written} reports for 2024 (Q1 as in the city's briefing of 19/4/2024)`);
  return written;
}

function figures(
  unit: ReportUnit,
  period: string,
  rnd: () => number,
  s003: Record<string, number[]>,
  districts: ReportUnit[],
  wards: ReportUnit[],
): StoredValue[] {
  const r = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const scale = unit.level === CouncilLevel.CITY ? 6 : unit.level === CouncilLevel.DISTRICT ? 2 : 1;
  const regularQuarter = period.endsWith('Q2') || period.endsWith('Q4');
  let thematic = r(0, 1);
  let resolutions = regularQuarter ? r(4, 10) * scale : r(0, 3) * scale;
  if (period === '2024Q1') {
    if (unit.level === CouncilLevel.CITY) [thematic, resolutions] = [1, 20];
    if (unit.level === CouncilLevel.DISTRICT)
      [thematic, resolutions] = [s003.districtThematic[districts.indexOf(unit)], s003.districtResolutions[districts.indexOf(unit)]];
    if (unit.level === CouncilLevel.WARD)
      [thematic, resolutions] = [s003.wardThematic[wards.indexOf(unit)], s003.wardResolutions[wards.indexOf(unit)]];
  }
  const meetings = r(1, 4) * scale;
  const received = r(5, 40) * scale;
  const complaints = r(0, 12) * scale;
  const values: [string, number][] = [
    ['sessions.regular', regularQuarter ? 1 : 0],
    ['sessions.thematic', thematic],
    ['sessions.urgent', rnd() < 0.1 ? 1 : 0],
    ['resolutions.issued', resolutions],
    ['documents.reviewed', regularQuarter ? r(8, 30) * scale : r(0, 6) * scale],
    ['questioning.written', r(0, 5) * scale],
    ['questioning.sessions', regularQuarter ? r(0, 1) : 0],
    ['explanations.sessions', rnd() < 0.2 ? 1 : 0],
    ['supervisions.thematic', r(0, 2)],
    ['surveys.conducted', r(0, 3)],
    ['voter_contacts.meetings', meetings],
    ['voter_contacts.thematic', Math.min(meetings, r(0, 1))],
    ['citizen_receptions.sessions', r(2, 6) * scale],
    ['petitions.received', received],
    ['petitions.answered', Math.min(received, r(3, 38) * scale)],
    ['petitions.resolved', r(1, 25) * scale],
    ['complaints.received', complaints],
    ['complaints.handled', Math.min(complaints, r(0, 12) * scale)],
    ['confidence_votes.persons', 0],
    ['briefings.held', unit.level === CouncilLevel.WARD ? r(0, 1) : r(1, 3)],
  ];
  return values.map(([metric, value]) => ({ metric, value }));
}
