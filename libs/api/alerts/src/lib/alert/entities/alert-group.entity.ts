import { OrganizationEntity } from '@hyperion/api/core';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { AlertEntity } from './alert.entity';

/**
 * A group of a service's alerts sharing the values of its `group_by` labels (Alertmanager's
 * aggregation group). Its alerts waiting for the next notification are its members
 * (`alert_group_member`); `last_flushed_at` spaces its notifications by group_interval.
 * Written by ingest only when it is new, so ingest transactions never queue on it.
 */
@Entity({ name: 'alert_group' })
export class AlertGroupEntity {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'alert_group_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  /** `<service id>/<sha-256 of the group label values>`, or `-/…` without a service. */
  @PrimaryColumn({ name: 'group_key', type: 'varchar', length: 128 })
  groupKey!: string;

  @Column({ name: 'service_id', type: 'uuid', nullable: true })
  serviceId!: string | null;

  @Column({ name: 'group_labels', type: 'jsonb' })
  groupLabels!: Record<string, string>;

  @Column({ name: 'last_flushed_at', type: 'timestamptz', nullable: true })
  lastFlushedAt!: Date | null;
}

/**
 * The pending flush of a group: inserted (ON CONFLICT DO NOTHING) by the ingest write that
 * finds none — that write, and only it, queues the flush job — and deleted by the flush.
 */
@Entity({ name: 'alert_group_flush' })
export class AlertGroupFlushEntity {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'alert_group_flush_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @PrimaryColumn({ name: 'group_key', type: 'varchar', length: 128 })
  groupKey!: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;
}

/**
 * An alert waiting in a group for the group's next notification: added by the ingest write that
 * emits it to someone, taken (deleted) by the flush. A row of its own rather than a column of the
 * alert, so a flush of thousands of alerts never locks the rows ingest keeps updating.
 */
@Entity({ name: 'alert_group_member' })
export class AlertGroupMemberEntity {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'alert_group_member_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @PrimaryColumn({ name: 'group_key', type: 'varchar', length: 128 })
  groupKey!: string;

  @PrimaryColumn({ name: 'alert_id', type: 'uuid' })
  alertId!: string;

  @ManyToOne(() => AlertEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'alert_id', foreignKeyConstraintName: 'alert_group_member_alert_id_fkey' })
  alert?: AlertEntity;
}
