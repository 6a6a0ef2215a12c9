import { OrganizationEntity } from '@hyperion/api/core';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/**
 * A group of a service's alerts sharing the values of its `group_by` labels (Alertmanager's
 * aggregation group): alerts emitted into it wait for `flush_due_at`, then leave as one
 * notification. `flush_due_at` is set only when no flush is pending, so one job per group.
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

  /** Alert ids emitted since the last flush, in order. */
  @Column({ type: 'jsonb' })
  pending!: string[];

  /** The service's group_interval when alerts were last added (the next flush's earliest time). */
  @Column({ name: 'interval_seconds', type: 'integer' })
  intervalSeconds!: number;

  @Column({ name: 'flush_due_at', type: 'timestamptz', nullable: true })
  flushDueAt!: Date | null;

  /** The write that scheduled the pending flush (it, and only it, queued the flush job). */
  @Column({ name: 'flush_batch', type: 'uuid', nullable: true })
  flushBatch!: string | null;

  @Column({ name: 'last_flushed_at', type: 'timestamptz', nullable: true })
  lastFlushedAt!: Date | null;
}
