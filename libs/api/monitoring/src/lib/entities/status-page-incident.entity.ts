import { OrganizationEntity } from '@hyperion/api/core';
import type { StatusPageIncidentStatus } from '@hyperion/contracts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

import { StatusPageEntity } from './status-page.entity';

/** The SQL list of the public statuses (the check constraints of both tables). */
export const STATUS_PAGE_INCIDENT_STATUS_CHECK = `'investigating', 'identified', 'monitoring', 'resolved'`;

/**
 * An incident a page publishes: its public title and latest status. The incident itself is the
 * incidents lib's (`incident_id` is not a foreign key: that lib's tables are its own; checked on
 * write); what the public sees of it lives here.
 */
@Entity({ name: 'status_page_incident' })
@Unique('status_page_incident_organization_page_incident_key', [
  'organizationId',
  'pageId',
  'incidentId',
])
@Check('status_page_incident_status_check', `"status" IN (${STATUS_PAGE_INCIDENT_STATUS_CHECK})`)
export class StatusPageIncidentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'status_page_incident_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ name: 'page_id', type: 'uuid' })
  pageId!: string;

  @ManyToOne(() => StatusPageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'page_id', foreignKeyConstraintName: 'status_page_incident_page_id_fkey' })
  page?: StatusPageEntity;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: StatusPageIncidentStatus;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
