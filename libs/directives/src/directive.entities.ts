import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

// ------------------------------------------------------------------ city side

/**
 * An assignment's state, held by the district side (the truth) and copied to
 * the city side (its view): the same columns on both.
 */
export abstract class AssignmentStateColumns {
  @Column({ type: 'uuid' })
  directiveId: string;

  @Column({ type: 'varchar', length: 10 })
  unitCode: string;

  @Column({ type: 'varchar', length: 10 })
  unitLevel: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  districtCode: string | null;

  /** The district's assignment this commune's was passed down from. */
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @Column({ type: 'varchar', length: 20 })
  status: string;

  @Column({ type: 'int', default: 0 })
  progressPercent: number;

  @Column({ type: 'text', nullable: true })
  lastNote: string | null;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'int', default: 1 })
  revision: number;
}

/** What a directive says, the same on the city side (the original) and the district side (its copy). */
export abstract class DirectiveTextColumns {
  @Column({ type: 'varchar', length: 500 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  /** e.g. "Chỉ thị 24-CT/TU" */
  @Column({ type: 'varchar', length: 200, nullable: true })
  reference: string | null;

  @Column({ type: 'varchar', length: 10 })
  issuedByUnit: string;

  @Column({ type: 'timestamptz' })
  issuedAt: Date;

  @Column({ type: 'date' })
  dueDate: string;
}

/** A directive (chỉ đạo, kết luận) as issued: by the city to districts, or by a district to its communes. */
@Entity({ schema: 'city', name: 'directive' })
@Index('ix_directive_issued_by', ['issuedByUnit', 'issuedAt'])
@Index('ix_directive_briefing_meeting', ['briefingMeetingId'])
export class DirectiveEntity extends DirectiveTextColumns {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  issuedByUser: string;

  @Column({ type: 'jsonb' })
  targetUnitCodes: string[];

  @Column({ type: 'boolean' })
  cascadeToWards: boolean;

  /** How many assignments the fan-out makes (targets, plus their communes when cascading). */
  @Column({ type: 'int' })
  expectedAssignments: number;

  /**
   * The briefing meeting (city.briefing_meeting) whose conclusion this is, and
   * that conclusion (city.briefing_conclusion). No foreign keys: see
   * DirectivesService.briefingLink for why, and for the check that stands in.
   */
  @Column({ type: 'uuid', nullable: true })
  briefingMeetingId: string | null;

  @Column({ type: 'uuid', nullable: true })
  briefingConclusionId: string | null;
}

/** The city's view of each assignment, as of the newest change it received from the district side. */
@Entity({ schema: 'city', name: 'assignment_view' })
@Index('ix_assignment_view_directive', ['directiveId'])
@Index('ix_assignment_view_district', ['districtCode', 'status'])
export class AssignmentViewEntity extends AssignmentStateColumns {
  @PrimaryColumn({ type: 'uuid' })
  assignmentId: string;

  /** When the district side last changed it. */
  @Column({ type: 'timestamptz' })
  updatedAt: Date;
}

// -------------------------------------------------------------- district side

/** The district side's copy of a directive its units received. */
@Entity({ schema: 'district', name: 'directive' })
export class DirectiveCopyEntity extends DirectiveTextColumns {
  @PrimaryColumn({ type: 'uuid' })
  id: string;
}

/** One unit's part in a directive. The id is derived from (directive, unit): a replayed fan-out creates nothing twice. */
@Entity({ schema: 'district', name: 'assignment' })
@Index('ix_assignment_unit', ['unitCode', 'status'])
@Index('ix_assignment_parent', ['parentId'])
@Index('ix_assignment_directive', ['directiveId'])
export class AssignmentEntity extends AssignmentStateColumns {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** Why a district completed while some of its communes had not (kept). */
  @Column({ type: 'text', nullable: true })
  completionReason: string | null;

  /** Set by the overdue job (and kept in step on every change), so the city hears of it. */
  @Column({ type: 'boolean', default: false })
  overdue: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** Every step of an assignment, with who, when, the percentage and the note. */
@Entity({ schema: 'district', name: 'assignment_history' })
@Index('ix_assignment_history_assignment', ['assignmentId'])
export class AssignmentHistoryEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'uuid' })
  assignmentId: string;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  at: Date;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  fromStatus: string | null;

  @Column({ type: 'varchar', length: 20 })
  toStatus: string;

  @Column({ type: 'int' })
  progressPercent: number;

  @Column({ type: 'text', nullable: true })
  note: string | null;
}

export const CITY_DIRECTIVE_ENTITIES = [DirectiveEntity, AssignmentViewEntity];
export const DISTRICT_DIRECTIVE_ENTITIES = [DirectiveCopyEntity, AssignmentEntity, AssignmentHistoryEntity];
