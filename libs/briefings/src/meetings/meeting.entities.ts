import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';

/**
 * A briefing meeting (hội nghị giao ban): the city's Standing Committee with
 * the districts' (30 connection points), or a district's with its communes'.
 */
@Entity({ schema: 'city', name: 'briefing_meeting' })
@Index('ix_briefing_meeting_host_period', ['hostUnitCode', 'period', 'startsAt'])
@Index('ix_briefing_meeting_root', ['rootCode', 'startsAt'])
export class BriefingMeetingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 10 })
  hostUnitCode: string;

  /** The host's province-level root: readers of a whole city list its meetings without a join. */
  @Column({ type: 'varchar', length: 10 })
  rootCode: string;

  /** "2024Q1" or "2024", as parsePeriod writes it. */
  @Column({ type: 'varchar', length: 7 })
  period: string;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  /** Where the host's own connection point sits (the hall). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  location: string | null;

  @Column({ type: 'varchar', length: 64 })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** Marked held (đã họp): its figures are frozen then, and the city's closes its quarter. */
  @Column({ type: 'timestamptz', nullable: true })
  heldAt: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  heldBy: string | null;
}

/**
 * The figures a meeting showed, frozen when it was marked held (`FigureTable`, libs/core): the briefing's totals by
 * level as presented, read beside the live ones once a late correction changes those.
 */
@Entity({ schema: 'city', name: 'briefing_presented_figures' })
export class PresentedFiguresEntity {
  @PrimaryColumn({ type: 'uuid' })
  meetingId: string;

  @Column({ type: 'varchar', length: 10 })
  hostUnitCode: string;

  @Column({ type: 'varchar', length: 7 })
  period: string;

  /** When the summary was computed (its `computedAt`), and when it was frozen. */
  @Column({ type: 'timestamptz' })
  computedAt: Date;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  frozenAt: Date;

  @Column({ type: 'jsonb' })
  figures: { levels: { level: string; councils: number; reported: number; values: Record<string, number> }[] };
}

/** One participating unit's connection point (điểm cầu) and its attendance. */
@Entity({ schema: 'city', name: 'briefing_connection_point' })
export class ConnectionPointEntity {
  @PrimaryColumn({ type: 'uuid' })
  meetingId: string;

  @PrimaryColumn({ type: 'varchar', length: 10 })
  unitCode: string;

  /** Declared for the foreign key; code reads points by meetingId. */
  @ManyToOne(() => BriefingMeetingEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'fk_briefing_connection_point_meeting' })
  meeting?: Relation<BriefingMeetingEntity>;

  @Column({ type: 'text', nullable: true })
  location: string | null;

  /** EXPECTED (not yet marked), PRESENT, ABSENT. */
  @Column({ type: 'varchar', length: 10 })
  status: string;

  @Column({ type: 'int', nullable: true })
  attendees: number | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'varchar', length: 64 })
  updatedBy: string;
}

@Entity({ schema: 'city', name: 'briefing_agenda_item' })
@Unique('uq_briefing_agenda_item_position', ['meetingId', 'position'])
export class AgendaItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => BriefingMeetingEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'fk_briefing_agenda_item_meeting' })
  meeting?: Relation<BriefingMeetingEntity>;

  /** 1, 2, 3… in the order of the agenda. */
  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  presenterUnitCode: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}

/** A conclusion (kết luận) of the meeting; directives issued from it carry its id. */
@Entity({ schema: 'city', name: 'briefing_conclusion' })
@Unique('uq_briefing_conclusion_position', ['meetingId', 'position'])
export class BriefingConclusionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  meetingId: string;

  @ManyToOne(() => BriefingMeetingEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'fk_briefing_conclusion_meeting' })
  meeting?: Relation<BriefingMeetingEntity>;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'varchar', length: 64 })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

export const MEETING_ENTITIES = [
  BriefingMeetingEntity,
  ConnectionPointEntity,
  AgendaItemEntity,
  BriefingConclusionEntity,
  PresentedFiguresEntity,
];
