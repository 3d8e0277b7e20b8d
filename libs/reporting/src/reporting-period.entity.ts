import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A quarter's deadline when it differs from the default (10 days after the quarter ends). */
@Entity({ schema: 'district', name: 'reporting_period' })
export class ReportingPeriodEntity {
  @PrimaryColumn({ type: 'varchar', length: 6 })
  period: string;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'varchar', length: 64 })
  updatedBy: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
