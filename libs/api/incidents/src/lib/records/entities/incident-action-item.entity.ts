import { UserEntity } from '@hyperion/api/auth';
import { OrganizationEntity } from '@hyperion/api/core';
import type { ActionItemStatus } from '@hyperion/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import { IncidentEntity } from '../../entities/incident.entity';

/** A follow-up of an incident's post-mortem: an owner, a due date (a UTC day), a status. */
@Entity({ name: 'incident_action_item' })
@Index('incident_action_item_status_due_idx', ['organizationId', 'status', 'dueDate'])
@Index('incident_action_item_incident_idx', ['organizationId', 'incidentId'])
export class IncidentActionItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'incident_action_item_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId!: string;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'incident_id',
    foreignKeyConstraintName: 'incident_action_item_incident_id_fkey',
  })
  incident?: IncidentEntity;

  @Column({ type: 'varchar', length: 500 })
  title!: string;

  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'incident_action_item_owner_id_fkey' })
  owner?: UserEntity | null;

  /** YYYY-MM-DD (a `date` column, read back as the string). */
  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: ActionItemStatus;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
