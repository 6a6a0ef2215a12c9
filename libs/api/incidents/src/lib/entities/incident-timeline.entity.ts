import { OrganizationEntity } from '@hyperion/api/core';
import type { IncidentActor, IncidentTimelineKind } from '@hyperion/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

import { IncidentEntity } from './incident.entity';

/**
 * One line of an incident's timeline: a change, a move, a comment, a note, a linked alert, a
 * notification sent … Written by IncidentTimeline.append, read oldest first (`at`, then the
 * order of writing).
 */
@Entity({ name: 'incident_timeline' })
@Index('incident_timeline_incident_idx', ['organizationId', 'incidentId', 'at', 'id'])
export class IncidentTimelineEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'incident_timeline_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId!: string;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'incident_id',
    foreignKeyConstraintName: 'incident_timeline_incident_id_fkey',
  })
  incident?: IncidentEntity;

  /** When it happened (a note may be placed earlier than it was written). */
  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'varchar', length: 24 })
  kind!: IncidentTimelineKind;

  @Column({ type: 'jsonb' })
  actor!: IncidentActor;

  @Column({ type: 'varchar', length: 500 })
  summary!: string;

  @Column({ type: 'text', nullable: true })
  body!: string | null;

  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;

  @Column({ type: 'boolean', default: false })
  pinned!: boolean;

  /** When it was written (clock time: orders the entries of one transaction). */
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
