import { OrganizationEntity } from '@hyperion/api/core';
import type { NotificationMessage, PageState, PageUrgency } from '@hyperion/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';

import { ContactEntity } from '../../on-call/entities/contact.entity';
import { PageStepEntity } from './page-step.entity';

/**
 * One person paged about one thing, in one organisation: the message, and the steps of their
 * personal rules (page_step) that run until someone acknowledges. The contact's name is kept, so
 * the page still says who was paged after the contact is deleted.
 */
@Entity({ name: 'page' })
@Unique('page_organization_dedup_key_key', ['organizationId', 'dedupKey'])
@Index('page_organization_created_idx', ['organizationId', 'createdAt'])
export class PageEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'page_organization_id_fkey' })
  organization?: OrganizationEntity;

  @Column({ name: 'contact_id', type: 'uuid', nullable: true })
  contactId!: string | null;

  @ManyToOne(() => ContactEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'page_contact_id_fkey' })
  contact?: ContactEntity;

  @Column({ name: 'contact_name', type: 'varchar', length: 128 })
  contactName!: string;

  /** The schedule whose on-call person this paged (history: no foreign key). */
  @Column({ name: 'schedule_id', type: 'uuid', nullable: true })
  scheduleId!: string | null;

  @Column({ type: 'varchar', length: 8 })
  urgency!: PageUrgency;

  @Column({ type: 'varchar', length: 16 })
  state!: PageState;

  @Column({ name: 'dedup_key', type: 'varchar', length: 255, nullable: true })
  dedupKey!: string | null;

  /** What every step sends (status `triggered`). */
  @Column({ type: 'jsonb' })
  message!: NotificationMessage;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt!: Date | null;

  /** The user who acknowledged (null for an API key). */
  @Column({ name: 'acknowledged_by', type: 'uuid', nullable: true })
  acknowledgedBy!: string | null;

  @OneToMany(() => PageStepEntity, (s) => s.page)
  steps?: PageStepEntity[];
}
