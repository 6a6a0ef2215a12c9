import { OrganizationEntity } from '@hyperion/api/core';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { MonitorEntity } from './monitor.entity';

/** One check's verdict (kept for the history and the uptime figures; retention applies). */
@Entity({ name: 'monitor_result' })
// `up` and `latency_ms` in the index: the list's 24 hours per monitor come from the index alone.
@Index('monitor_result_monitor_checked_idx', [
  'organizationId',
  'monitorId',
  'checkedAt',
  'up',
  'latencyMs',
])
@Index('monitor_result_checked_idx', ['checkedAt'])
export class MonitorResultEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'monitor_result_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ name: 'monitor_id', type: 'uuid' })
  monitorId!: string;

  @ManyToOne(() => MonitorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'monitor_id', foreignKeyConstraintName: 'monitor_result_monitor_id_fkey' })
  monitor?: MonitorEntity;

  @Column({ name: 'checked_at', type: 'timestamptz' })
  checkedAt!: Date;

  @Column({ type: 'boolean' })
  up!: boolean;

  @Column({ name: 'latency_ms', type: 'integer', nullable: true })
  latencyMs!: number | null;

  @Column({ type: 'varchar', length: 500 })
  message!: string;
}
