/**
 * The identity (`hierarchy.unit`) of the unit a code names on a day, as a scalar subquery for the statements that
 * write it beside a code (accounts; reports take it from the unit they resolved): `code` and `day` are SQL
 * expressions, usually parameters ("$4", "$7::date"). Null when the code names nothing that day.
 */
export function unitIdentitySql(code: string, day: string): string {
  return `(SELECT cu.unit_id FROM hierarchy.council_unit cu
            WHERE cu.code = ${code} AND cu.valid_from <= ${day} AND (cu.valid_to IS NULL OR cu.valid_to > ${day}))`;
}
