import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

import { ReportVersionEntity } from './report-version.entity.js';

/** The figures of each version as rows: what reconciliation and plain-SQL checks aggregate. */
@Entity({ schema: 'district', name: 'report_value' })
export class ReportValueEntity {
  @PrimaryColumn({ type: 'uuid' })
  reportId: string;

  @PrimaryColumn({ type: 'int' })
  version: number;

  @PrimaryColumn({ type: 'varchar', length: 80 })
  metricCode: string;

  @Column({ type: 'int' })
  value: number;

  /** Declared for the foreign key to the version these figures belong to. */
  @ManyToOne(() => ReportVersionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'report_id', referencedColumnName: 'reportId', foreignKeyConstraintName: 'fk_report_value_version' },
    { name: 'version', referencedColumnName: 'version' },
  ])
  reportVersion?: Relation<ReportVersionEntity>;
}
