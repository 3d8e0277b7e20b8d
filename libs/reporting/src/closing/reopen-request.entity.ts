import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum ReopenStatus {
  PENDING = 'PENDING',
  GRANTED = 'GRANTED',
  REFUSED = 'REFUSED',
}

/**
 * A council's request to reopen its report of a closed quarter, and the level above's decision. A grant lets that one
 * report be saved, submitted and reviewed again until it is accepted again (`endedAt`, set by the acceptance) or the
 * quarter is closed again (a closure later than `decidedAt`): whichever comes first.
 */
@Entity({ schema: 'district', name: 'reopen_request' })
@Index('ix_reopen_request_unit_period', ['unitCode', 'period'])
@Index('ix_reopen_request_pending', ['period', 'status'])
export class ReopenRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  reportId: string;

  @Column({ type: 'varchar', length: 10 })
  unitCode: string;

  @Column({ type: 'varchar', length: 10 })
  unitLevel: string;

  /** The district the unit belongs to (itself for a district, null for the city): who may decide. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  districtCode: string | null;

  @Column({ type: 'varchar', length: 6 })
  period: string;

  @Column({ type: 'varchar', length: 10 })
  status: ReopenStatus;

  @Column({ type: 'varchar', length: 2000 })
  reason: string;

  @Column({ type: 'varchar', length: 64 })
  requestedBy: string;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  requestedAt: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  decidedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note: string | null;

  /** A grant used up: the report accepted again after it. */
  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}
