import { OrganizationEntity } from '@hyperion/api/core';
import type { StatusPageIncidentStatus } from '@hyperion/contracts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

import {
  STATUS_PAGE_INCIDENT_STATUS_CHECK,
  StatusPageIncidentEntity,
} from './status-page-incident.entity';

/** One public update of a published incident (what subscribers are mailed about). */
@Entity({ name: 'status_page_incident_update' })
@Index('status_page_incident_update_incident_idx', [
  'organizationId',
  'pageIncidentId',
  'createdAt',
])
@Check(
  'status_page_incident_update_status_check',
  `"status" IN (${STATUS_PAGE_INCIDENT_STATUS_CHECK})`,
)
export class StatusPageIncidentUpdateEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'status_page_incident_update_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ name: 'page_incident_id', type: 'uuid' })
  pageIncidentId!: string;

  @ManyToOne(() => StatusPageIncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'page_incident_id',
    foreignKeyConstraintName: 'status_page_incident_update_page_incident_id_fkey',
  })
  pageIncident?: StatusPageIncidentEntity;

  @Column({ type: 'varchar', length: 16 })
  status!: StatusPageIncidentStatus;

  @Column({ type: 'text' })
  message!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
