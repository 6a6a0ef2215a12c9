import { OrganizationEntity } from '@hyperion/api/core';
import type { StatusPageComponentRef } from '@hyperion/contracts';
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

import { StatusPageEntity } from './status-page.entity';

/**
 * A maintenance window of a page: one-off, or repeating by an RRULE from `starts_at`. The
 * components it affects are named by what they show (monitor or service id), so replacing the
 * page's layout keeps them.
 */
@Entity({ name: 'status_page_maintenance' })
@Index('status_page_maintenance_page_idx', ['organizationId', 'pageId', 'startsAt'])
export class StatusPageMaintenanceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'status_page_maintenance_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ name: 'page_id', type: 'uuid' })
  pageId!: string;

  @ManyToOne(() => StatusPageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'page_id',
    foreignKeyConstraintName: 'status_page_maintenance_page_id_fkey',
  })
  page?: StatusPageEntity;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'duration_minutes', type: 'integer' })
  durationMinutes!: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  rrule!: string | null;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  affects!: StatusPageComponentRef[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
