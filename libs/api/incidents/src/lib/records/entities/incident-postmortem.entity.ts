import { UserEntity } from '@hyperion/api/auth';
import { OrganizationEntity } from '@hyperion/api/core';
import type { PostmortemStatus, PostmortemTimelineLine } from '@hyperion/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';

import { IncidentEntity } from '../../entities/incident.entity';

/** The post-mortem of a resolved incident (one per incident); `version` moves with every save. */
@Entity({ name: 'incident_postmortem' })
export class IncidentPostmortemEntity {
  @PrimaryColumn({ name: 'incident_id', type: 'uuid' })
  incidentId!: string;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'incident_id',
    foreignKeyConstraintName: 'incident_postmortem_incident_id_fkey',
  })
  incident?: IncidentEntity;

  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'incident_postmortem_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ name: 'root_cause', type: 'text' })
  rootCause!: string;

  @Column({ type: 'text' })
  impact!: string;

  @Column({ type: 'jsonb' })
  timeline!: PostmortemTimelineLine[];

  @Column({ name: 'went_well', type: 'text' })
  wentWell!: string;

  @Column({ name: 'went_badly', type: 'text' })
  wentBadly!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: PostmortemStatus;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({
    name: 'created_by',
    foreignKeyConstraintName: 'incident_postmortem_created_by_fkey',
  })
  creator?: UserEntity | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
