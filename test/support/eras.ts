/**
 * Hanoi's eras for tests that are about the district era (three levels, 2021-07-01 – 2024-12-31): they pin a quarter
 * or a day of it instead of reading "today", which the 2025 reorganisation left (docs/design/units-over-time.md).
 * Computed from libs/core's pure history, not a list typed here.
 */
import {
  buildHanoiUnitHistory,
  CouncilLevel,
  HANOI_ERAS,
  parseQuarter,
  quarterStart,
  readHanoiHistoryFiles,
  type UnitHistory,
  vietnamDate,
} from '@council/core';
import { projectRoot } from '@council/database';

/** A quarter of the district era (its councils: the city, 30 districts, 404 xã and thị trấn). */
export const DISTRICT_ERA_QUARTER = '2024Q2';
/** A day of the district era, for `asOf`. */
export const DISTRICT_ERA_DAY = '2024-06-30';
/** The first day with no districts: the city and 126 communes directly under it. */
export const NO_DISTRICTS_FROM = HANOI_ERAS[2].from;

let history: UnitHistory | undefined;
const hanoi = (): UnitHistory => (history ??= buildHanoiUnitHistory(readHanoiHistoryFiles(projectRoot())));

/** Whether `code` names a unit (most likely another one) from 2025-07-01 on. */
export function codeReusedAfterDistricts(code: string): boolean {
  return hanoi().unitAt(code, NO_DISTRICTS_FROM) !== undefined;
}

/**
 * `code`, checked to be a commune council of the district era whose code names nothing from 2025-07-01: its `w<code>`
 * user and its reports mean the same commune whatever today is. Throws otherwise, so a test cannot pick a reused code.
 */
export function districtEraCommune(code: string): string {
  const unit = hanoi().unitAt(code, DISTRICT_ERA_DAY);
  if (!unit || unit.level !== CouncilLevel.WARD || !unit.hasCouncil)
    throw new Error(`${code} is not a commune council on ${DISTRICT_ERA_DAY}`);
  if (codeReusedAfterDistricts(code)) throw new Error(`${code} names another unit from ${NO_DISTRICTS_FROM}: pick a code that does not`);
  return code;
}

/**
 * The councils of Hanoi on the first day of `period` (a quarter never straddles an event), as they were then: the city,
 * the districts (until 2025-06-30) and the communes with a council.
 */
export function councilsOf(period: string): { code: string; level: `${CouncilLevel}` }[] {
  return hanoi()
    .unitsAt(vietnamDate(quarterStart(parseQuarter(period))))
    .filter((u) => u.hasCouncil)
    .map((u) => ({ code: u.code, level: u.level }));
}
