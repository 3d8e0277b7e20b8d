import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { UserEntity } from './user.entity.js';

/**
 * One refresh token, stored as the SHA-256 of its random value (the value itself is shown once, to the browser that
 * signed in). Each use rotates it: this row is marked used and a new one of the same family is issued. A used token
 * presented again means someone holds a copy: the whole family (that sign-in) is revoked.
 */
@Entity({ schema: 'auth', name: 'refresh_token' })
@Index('ix_refresh_token_family', ['familyId'])
@Index('ix_refresh_token_user', ['userId'])
export class RefreshTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** SHA-256 of the token, hex: the token has 256 random bits, so no slow hash is needed. */
  @Index('uq_refresh_token_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  user?: UserEntity;

  /** Every token descended from one sign-in. */
  @Column({ type: 'uuid' })
  familyId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** The family's end, set at sign-in and inherited on rotation: rotating does not extend a sign-in. */
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  /** Set when it was exchanged for a new pair; a second exchange is a reuse. */
  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  /** Set by sign-out, by an administrator (revoke, disable, password reset), or by a detected reuse. */
  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
