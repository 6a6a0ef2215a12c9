import { OrganizationEntity } from '@hyperion/api/core';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/**
 * A group of a service's alerts sharing the values of its `group_by` labels (Alertmanager's
 * aggregation group). Its alerts waiting for the next notification carry its key
 * (`alert.notify_group`); `last_flushed_at` spaces its notifications by group_interval.
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
