import type { MigrationInterface, QueryRunner } from 'typeorm';

// Written by hand: TypeORM's generator diffs entities and produces no functions.
// `district.quarter_open_for(period, unit, scopes)`: whether a report of the quarter may change — no closure of the
// quarter covers the unit (`scopes`: the city and the unit's district), or a grant newer than the latest closure is
// still in force; the rule of `ClosingService.state` (libs/reporting). The fast submission's single statement calls
// it, so a closed quarter writes nothing. It first takes the quarter's advisory lock SHARED for the rest of the
// transaction, with the key `quarterLockKeySql` spells in libs/reporting/src/closing/quarter-lock.ts (the same
// expression: change both): a closing in flight (EXCLUSIVE) is waited for, and a later one waits for this change.
// VOLATILE plpgsql: each of its statements reads a fresh snapshot (READ COMMITTED), so a closure committed while the
// lock was awaited is seen.
export class QuarterOpenFor1796570000000 implements MigrationInterface {
  name = 'QuarterOpenFor1796570000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS "district"`);
    await queryRunner.query(
      `CREATE FUNCTION "district"."quarter_open_for"(p_period text, p_unit_code text, p_scope_codes text[]) RETURNS boolean
       LANGUAGE plpgsql VOLATILE AS $fn$
       DECLARE
         closure_recorded_at timestamptz;
       BEGIN
         PERFORM pg_advisory_xact_lock_shared(hashtextextended('quarter-closing:' || p_period, 0));
         SELECT c.recorded_at INTO closure_recorded_at FROM district.quarter_closure c
          WHERE c.period = p_period AND c.scope_code = ANY (p_scope_codes) ORDER BY c.recorded_at DESC LIMIT 1;
         IF NOT FOUND THEN
           RETURN true;
         END IF;
         RETURN EXISTS (SELECT 1 FROM district.reopen_request r
                         WHERE r.unit_code = p_unit_code AND r.period = p_period AND r.status = 'GRANTED'
                           AND r.ended_at IS NULL AND r.decided_at > closure_recorded_at);
       END
       $fn$`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION "district"."quarter_open_for"(text, text, text[])`);
  }
}
