import { OrganizationEntity } from '@hyperion/api/core';
import type {
  AlertLink,
  AlertOrigin,
  AlertSeverity,
  AlertState,
  AlertSuppression,
  AlertUrgency,
} from '@hyperion/contracts';
import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';

import { ServiceEntity } from '../../entities/service.entity';

/**
 * One alert: every event with its dedup key folds into this row (occurrences, last seen). Written
 * in batches by the ingest pipeline with raw SQL (see alert-store.ts); this entity describes the
 * table for the schema-drift check and the console's reads. `changed_at` moves only when the
 * state or the paging changes, so a repeat touches no indexed column (a HOT update).
 */
@Entity({ name: 'alert' })
@Unique('alert_organization_dedup_key_key', ['organizationId', 'dedupKey'])
@Index('alert_organization_changed_idx', ['organizationId', 'changedAt'])
@Index('alert_organization_service_state_idx', ['organizationId', 'serviceId', 'state'])
@Index('alert_organization_notify_group_idx', ['organizationId', 'notifyGroup'], {
  where: '"notify_group" IS NOT NULL',
})
export class AlertEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'alert_organization_id_fkey' })
  organization?: OrganizationEntity;

  @Column({ name: 'service_id', type: 'uuid', nullable: true })
  serviceId!: string | null;

  @ManyToOne(() => ServiceEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'service_id', foreignKeyConstraintName: 'alert_service_id_fkey' })
  service?: ServiceEntity;

  @Column({ name: 'integration_id', type: 'uuid', nullable: true })
  integrationId!: string | null;

  @Column({ name: 'dedup_key', type: 'varchar', length: 255 })
  dedupKey!: string;

  @Column({ type: 'varchar', length: 1024 })
  summary!: string;

  @Column({ type: 'varchar', length: 255 })
  source!: string;

  @Column({ type: 'varchar', length: 8 })
  severity!: AlertSeverity;

  @Column({ type: 'varchar', length: 4 })
  urgency!: AlertUrgency;

  @Column({ name: 'event_type', type: 'varchar', length: 255 })
  eventType!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: AlertState;

  @Column({ type: 'varchar', length: 16, nullable: true })
  suppressed!: AlertSuppression | null;

  @Column({ name: 'inhibited_by', type: 'uuid', nullable: true })
  inhibitedBy!: string | null;

  @Column({ name: 'silence_id', type: 'uuid', nullable: true })
  silenceId!: string | null;

  @Column({ type: 'jsonb' })
  labels!: Record<string, string>;

  @Column({ type: 'jsonb' })
  annotations!: Record<string, string>;

  @Column({ name: 'custom_details', type: 'jsonb' })
  customDetails!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  links!: AlertLink[];

  @Column({ type: 'varchar', length: 255, nullable: true })
  component!: string | null;

  @Column({ name: 'alert_group', type: 'varchar', length: 255, nullable: true })
  group!: string | null;

  @Column({ name: 'alert_class', type: 'varchar', length: 255, nullable: true })
  class!: string | null;

  @Column({ name: 'generator_url', type: 'text', nullable: true })
  generatorUrl!: string | null;

  @Column({ type: 'varchar', length: 16 })
  origin!: AlertOrigin;

  @Column({ type: 'integer' })
  occurrences!: number;

  @Column({ name: 'first_seen_at', type: 'timestamptz' })
  firstSeenAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;

  @Column({ name: 'last_emitted_at', type: 'timestamptz', nullable: true })
  lastEmittedAt!: Date | null;

  /** When the state, the suppression or the paging last changed (the list's order). */
  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'acknowledged_by', type: 'uuid', nullable: true })
  acknowledgedBy!: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'snoozed_until', type: 'timestamptz', nullable: true })
  snoozedUntil!: Date | null;

  /** The group whose next notification will carry this alert (cleared by the flush). */
  @Column({ name: 'notify_group', type: 'varchar', length: 128, nullable: true })
  notifyGroup!: string | null;
}
