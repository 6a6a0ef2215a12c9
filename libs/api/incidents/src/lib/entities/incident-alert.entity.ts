import { AlertEntity } from '@hyperion/api/alerts';
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

import { IncidentEntity } from './incident.entity';

/**
 * An alert linked to an incident, once per incident. An alert (one per dedup key) that fires
 * again after its incident was resolved opens a new one, so it may be linked to several over time.
 * `emitted_at`: the alert's last emission the incident took in (a retried job takes none twice).
 */
@Entity({ name: 'incident_alert' })
@Unique('incident_alert_organization_incident_alert_key', [
  'organizationId',
  'incidentId',
  'alertId',
])
@Index('incident_alert_alert_idx', ['organizationId', 'alertId'])
export class IncidentAlertEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'incident_alert_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId!: string;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'incident_alert_incident_id_fkey' })
  incident?: IncidentEntity;

  @Column({ name: 'alert_id', type: 'uuid' })
  alertId!: string;

  @ManyToOne(() => AlertEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'alert_id', foreignKeyConstraintName: 'incident_alert_alert_id_fkey' })
  alert?: AlertEntity;

  @CreateDateColumn({ name: 'linked_at', type: 'timestamptz' })
  linkedAt!: Date;

  @Column({ name: 'emitted_at', type: 'timestamptz', nullable: true })
  emittedAt!: Date | null;
}
