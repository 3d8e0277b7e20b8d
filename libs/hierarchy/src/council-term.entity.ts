import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One term (nhiệm kỳ) of a unit's council: its code ("NK2021-2026"), its number (khóa; null where no source gives it)
 * and its dates, [validFrom, validTo), `validTo` null while it runs. Keyed by the unit's code, as `council_unit` is: a code names a
 * unit only together with a date, here the term's first day. Not tied to `hierarchy.unit` yet: identities start on
 * 2021-07-01 (the data's first day), after the 2021–2026 councils were elected, and `council_unit` has no `unit_id`
 * until step 3 of docs/design/units-over-time.md. Terms of one unit never overlap (checked on write, under a lock).
 */
@Entity({ schema: 'hierarchy', name: 'council_term' })
@Unique('uq_council_term_unit_term', ['unitCode', 'termCode'])
@Check('ck_council_term_dates', `"valid_to" IS NULL OR "valid_to" > "valid_from"`)
@Check('ck_council_term_number', `"number" IS NULL OR "number" >= 1`)
export class CouncilTermEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 10 })
  unitCode: string;

  /** "NK2021-2026", as parsePeriod reads it. */
  @Column({ type: 'varchar', length: 12 })
  termCode: string;

  /** Khóa: 16 for Hanoi's city council of 2021–2026 ("khóa XVI"). */
  @Column({ type: 'int', nullable: true })
  number: number | null;

  @Column({ type: 'date' })
  validFrom: string;

  /** Exclusive; null while the term runs. */
  @Column({ type: 'date', nullable: true })
  validTo: string | null;

  /** `seed`, or the administrator who set it (the audit log has the entry). */
  @Column({ type: 'varchar', length: 64 })
  recordedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;
}
