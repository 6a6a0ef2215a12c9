import { UserEntity } from '@hyperion/api/auth';
import { OrganizationEntity } from '@hyperion/api/core';
import type { LabelMatcher, SilenceRecurrence } from '@hyperion/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

/**
 * A silence (or, with a recurrence, a maintenance window) of one organisation: alerts its
 * matchers all match are stored as silenced between `starts_at` and `ends_at`. Expiring one sets
 * `ends_at` to now; rows are kept as history.
 */
@Entity({ name: 'silence' })
@Index('silence_organization_ends_at_idx', ['organizationId', 'endsAt'])
export class SilenceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'silence_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ type: 'text' })
  comment!: string;

  @Column({ type: 'jsonb' })
  matchers!: LabelMatcher[];

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'jsonb', nullable: true })
  recurrence!: SilenceRecurrence | null;

  /** The user who created it (null for an API key, or once the user is deleted). */
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'silence_created_by_fkey' })
  creator?: UserEntity | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
