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

import { ContactEntity } from './contact.entity';
import { ScheduleEntity } from './schedule.entity';

/** Someone covers a schedule between two instants (deleting the schedule or the contact removes it). */
@Entity({ name: 'schedule_override' })
@Index('schedule_override_schedule_idx', ['scheduleId', 'endsAt'])
@Index('schedule_override_contact_idx', ['contactId'])
export class ScheduleOverrideEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'schedule_override_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ name: 'schedule_id', type: 'uuid' })
  scheduleId!: string;

  @ManyToOne(() => ScheduleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'schedule_id',
    foreignKeyConstraintName: 'schedule_override_schedule_id_fkey',
  })
  schedule?: ScheduleEntity;

  @Column({ name: 'contact_id', type: 'uuid' })
  contactId!: string;

  @ManyToOne(() => ContactEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'schedule_override_contact_id_fkey' })
  contact?: ContactEntity;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
