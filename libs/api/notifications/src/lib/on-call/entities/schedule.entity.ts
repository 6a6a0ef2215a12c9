import { OrganizationEntity } from '@hyperion/api/core';
import type { ScheduleLayer } from '@hyperion/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

/**
 * An on-call schedule: rotation layers (jsonb, validated by scheduleProblems) and, in
 * schedule_override, the covers. The iCal token is found across organisations (the public feed)
 * through `hyperion_lookup('schedule_ical_token')`.
 */
@Entity({ name: 'schedule' })
@Unique('schedule_organization_name_key', ['organizationId', 'name'])
@Unique('schedule_organization_ical_token_key', ['organizationId', 'icalToken'])
@Index('schedule_ical_token_idx', ['icalToken'])
export class ScheduleEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'schedule_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'time_zone', type: 'varchar', length: 64 })
  timeZone!: string;

  @Column({ type: 'jsonb' })
  layers!: ScheduleLayer[];

  @Column({ name: 'ical_token', type: 'varchar', length: 64 })
  icalToken!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
