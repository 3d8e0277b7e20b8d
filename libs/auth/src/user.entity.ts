import { Role } from '@council/core';
import { UnitIdentityEntity } from '@council/hierarchy';
import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

@Entity({ schema: 'auth', name: 'user_account' })
@Unique('uq_user_account_username', ['username'])
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-case; sign-in is case-insensitive on the name. */
  @Column({ type: 'varchar', length: 64 })
  username: string;

  /** argon2id, PHC string. */
  @Column({ type: 'varchar', length: 200 })
  passwordHash: string;

  @Column({ type: 'enum', enum: Role, enumName: 'user_role' })
  role: Role;

  /** GSO code of the council the user works for. */
  @Column({ type: 'varchar', length: 10 })
  unitCode: string;

  /**
   * The identity of that unit on the day the account was given it (issue 14): an account belongs to a unit, not to a
   * code another unit may bear later. Written with the unit; null only for accounts made before identities were seeded.
   */
  @Column({ type: 'uuid', nullable: true })
  unitId: string | null;

  /** Declared for the foreign key. */
  @ManyToOne(() => UnitIdentityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_user_account_unit_identity' })
  identity?: Relation<UnitIdentityEntity>;

  @Column({ type: 'varchar', length: 200, nullable: true })
  displayName: string | null;

  /** Where notifications are mailed (when the platform sends mail); null: the centre only. */
  @Column({ type: 'varchar', length: 320, nullable: true })
  email: string | null;

  /** A disabled user cannot sign in, and the tokens they hold are refused (the guard reads this on every request). */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Tokens issued before this moment are refused: set when the password is reset, so a leaked session ends with it. */
  @Column({ type: 'timestamptz', nullable: true })
  tokensValidFrom: Date | null;

  /** Seed users exist only outside production; marked so they can be found and removed. */
  @Column({ type: 'boolean', default: false })
  devSeed: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
