import { OrganizationEntity } from '@hyperion/api/core';
import type { AlertSeverity, CriticalAlertChannel } from '@hyperion/contracts';
import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';

/**
 * CriticalAlertEvent (critical-alert-metrics.md): one row per alert really emitted to at least
 * one channel — never for a deduplicated, silenced or inhibited trigger. Append-only. The four
 * indexes of the document, each led by the organisation.
 */
@Entity({ name: 'critical_alert_event' })
@Index('critical_alert_event_created_idx', ['organizationId', 'createdAt'])
@Index('critical_alert_event_type_created_idx', ['organizationId', 'eventType', 'createdAt'])
@Index('critical_alert_event_channel_created_idx', ['organizationId', 'channel', 'createdAt'])
@Index('critical_alert_event_severity_created_idx', ['organizationId', 'severity', 'createdAt'])
export class CriticalAlertEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'critical_alert_event_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  /** UTC (timestamptz). */
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'varchar', length: 8 })
  severity!: AlertSeverity;

  @Column({ name: 'event_type', type: 'varchar', length: 255 })
  eventType!: string;

  @Column({ type: 'varchar', length: 16 })
  channel!: CriticalAlertChannel;

  @Column({ type: 'varchar', length: 255 })
  fingerprint!: string;

  /** The main fields, bounded (summary, source, service, key): for a quick search. */
  @Column({ name: 'payload_excerpt', type: 'jsonb' })
  payloadExcerpt!: Record<string, string>;
}

/**
 * Daily UTC roll-up of critical_alert_event, kept by a statement-level trigger on every insert
 * (any writer, even a bulk INSERT … SELECT): the monthly report sums at most 31 days of it.
 */
@Entity({ name: 'critical_alert_event_daily' })
export class CriticalAlertEventDailyEntity {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'critical_alert_event_daily_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @PrimaryColumn({ type: 'date' })
  day!: string;

  @PrimaryColumn({ name: 'event_type', type: 'varchar', length: 255 })
  eventType!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  channel!: string;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  severity!: string;

  @Column({ type: 'bigint' })
  count!: string;

  @Column({ name: 'first_at', type: 'timestamptz' })
  firstAt!: Date;

  @Column({ name: 'last_at', type: 'timestamptz' })
  lastAt!: Date;
}
