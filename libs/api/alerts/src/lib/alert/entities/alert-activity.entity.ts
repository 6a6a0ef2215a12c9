import { OrganizationEntity } from '@hyperion/api/core';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { AlertEntity } from './alert.entity';

/** A line of an alert's history (state changes and paging; repeats are only counted). */
@Entity({ name: 'alert_activity' })
@Index('alert_activity_alert_idx', ['organizationId', 'alertId', 'at'])
export class AlertActivityEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'alert_activity_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ name: 'alert_id', type: 'uuid' })
  alertId!: string;

  @ManyToOne(() => AlertEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'alert_id', foreignKeyConstraintName: 'alert_activity_alert_id_fkey' })
  alert?: AlertEntity;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'varchar', length: 32 })
  action!: string;

  @Column({ type: 'varchar', length: 160 })
  actor!: string;

  @Column({ type: 'jsonb' })
  details!: Record<string, string | number | boolean>;
}
