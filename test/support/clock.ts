/**
 * Dates relative to the run's clock, so no test names a year as "the future": the suite must pass whatever today is
 * (`TEST_CLOCK=2031-06-30 npm test`, README "Tests").
 */
import { nextQuarter, quarterAt, type QuarterPeriod, vietnamDate } from '@council/core';

const DAY_MS = 86400_000;

/** A calendar date in Vietnam, `offsetDays` from today: vietnamDay(-1) is yesterday there. */
export const vietnamDay = (offsetDays = 0): string => vietnamDate(new Date(Date.now() + offsetDays * DAY_MS));

/** The quarter `offset` quarters after the current one (Vietnam time): 1 is the first that has not started. */
export function quarterFromNow(offset: number): QuarterPeriod {
  let q = quarterAt(new Date());
  for (let i = 0; i < offset; i++) q = nextQuarter(q);
  return q;
}
