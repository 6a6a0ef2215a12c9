import { OrganizationEntity } from '@hyperion/api/core';
import type { StatusPageSubscriberState } from '@hyperion/contracts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';

import { StatusPageEntity } from './status-page.entity';

/**
 * An email subscriber of a page (double opt-in). Tokens are never stored as given: the
 * confirmation token only as its SHA-256 (single use, cleared on confirmation), the unsubscribe
 * token as its SHA-256 (found by it) and sealed with the application's key (every email
 * carries it, so it must be readable again).
 */
@Entity({ name: 'status_page_subscriber' })
@Unique('status_page_subscriber_organization_page_email_key', ['organizationId', 'pageId', 'email'])
@Unique('status_page_subscriber_organization_unsubscribe_key', [
  'organizationId',
  'unsubscribeHash',
])
@Index('status_page_subscriber_confirm_idx', ['organizationId', 'confirmHash'])
@Check('status_page_subscriber_state_check', `"state" IN ('pending', 'confirmed')`)
export class StatusPageSubscriberEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'status_page_subscriber_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ name: 'page_id', type: 'uuid' })
  pageId!: string;

  @ManyToOne(() => StatusPageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'page_id',
    foreignKeyConstraintName: 'status_page_subscriber_page_id_fkey',
  })
  page?: StatusPageEntity;

  /** Lower-cased. */
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: StatusPageSubscriberState;

  @Column({ name: 'confirm_hash', type: 'varchar', length: 64, nullable: true })
  confirmHash!: string | null;

  @Column({ name: 'confirm_expires_at', type: 'timestamptz', nullable: true })
  confirmExpiresAt!: Date | null;

  @Column({ name: 'unsubscribe_hash', type: 'varchar', length: 64 })
  unsubscribeHash!: string;

  @Column({ name: 'unsubscribe_sealed', type: 'text' })
  unsubscribeSealed!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt!: Date | null;
}
