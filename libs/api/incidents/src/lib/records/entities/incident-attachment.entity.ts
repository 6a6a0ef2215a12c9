import { UserEntity } from '@hyperion/api/auth';
import { OrganizationEntity } from '@hyperion/api/core';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

import { IncidentEntity } from '../../entities/incident.entity';

/**
 * A screenshot of an incident: its bytes live under
 * `${DATA_DIR}/incident-attachments/<organization_id>/<id>`; the type is the one detected from
 * the bytes, never the one the upload declared.
 */
@Entity({ name: 'incident_attachment' })
@Index('incident_attachment_incident_idx', ['organizationId', 'incidentId', 'createdAt'])
export class IncidentAttachmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'incident_attachment_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId!: string;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'incident_id',
    foreignKeyConstraintName: 'incident_attachment_incident_id_fkey',
  })
  incident?: IncidentEntity;

  @Column({ type: 'varchar', length: 200 })
  filename!: string;

  @Column({ name: 'content_type', type: 'varchar', length: 32 })
  contentType!: string;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({
    name: 'created_by',
    foreignKeyConstraintName: 'incident_attachment_created_by_fkey',
  })
  creator?: UserEntity | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
