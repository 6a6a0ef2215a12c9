import { OrganizationEntity } from '@hyperion/api/core';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';

import { UserEntity } from './user.entity';

/** A refresh token (sha256 hash only). Rotation keeps the family; reuse revokes the family. */
@Entity({ name: 'refresh_token' })
@Unique('refresh_token_organization_hash_key', ['organizationId', 'tokenHash'])
@Index('refresh_token_hash_idx', ['tokenHash'])
@Index('refresh_token_family_idx', ['familyId'])
@Index('refresh_token_user_idx', ['userId'])
export class RefreshTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId!: string | null;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'refresh_token_organization_id_fkey',
  })
  organization?: OrganizationEntity | null;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'refresh_token_user_id_fkey' })
  user?: UserEntity;

  @Column({ name: 'family_id', type: 'uuid' })
  familyId!: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 128 })
  tokenHash!: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'replaced_by', type: 'uuid', nullable: true })
  replacedBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 512, nullable: true })
  userAgent!: string | null;

  /** How the session was opened: password, password+totp, password+recovery_code, switch-organization. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  method!: string | null;

  /** When the session (the family) began; every successor carries it on. */
  @Column({ name: 'session_started_at', type: 'timestamptz', default: () => 'now()' })
  sessionStartedAt!: Date;
}
