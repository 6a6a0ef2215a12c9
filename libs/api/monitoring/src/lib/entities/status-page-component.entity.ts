import { ServiceEntity } from '@hyperion/api/alerts';
import { OrganizationEntity } from '@hyperion/api/core';
import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

import { MonitorEntity } from './monitor.entity';
import { StatusPageEntity } from './status-page.entity';

/**
 * One component of a page: a monitor or an alerts service (exactly one), in a named group, in
 * order. Deleting the monitor or the service takes it off the page.
 */
@Entity({ name: 'status_page_component' })
@Check('status_page_component_target_check', `("monitor_id" IS NULL) <> ("service_id" IS NULL)`)
@Index('status_page_component_page_idx', ['organizationId', 'pageId', 'groupPosition', 'position'])
export class StatusPageComponentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'status_page_component_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ name: 'page_id', type: 'uuid' })
  pageId!: string;

  @ManyToOne(() => StatusPageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'page_id', foreignKeyConstraintName: 'status_page_component_page_id_fkey' })
  page?: StatusPageEntity;

  @Column({ name: 'group_name', type: 'varchar', length: 64 })
  groupName!: string;

  @Column({ name: 'group_position', type: 'integer' })
  groupPosition!: number;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ name: 'monitor_id', type: 'uuid', nullable: true })
  monitorId!: string | null;

  @ManyToOne(() => MonitorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'monitor_id',
    foreignKeyConstraintName: 'status_page_component_monitor_id_fkey',
  })
  monitor?: MonitorEntity | null;

  @Column({ name: 'service_id', type: 'uuid', nullable: true })
  serviceId!: string | null;

  @ManyToOne(() => ServiceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'service_id',
    foreignKeyConstraintName: 'status_page_component_service_id_fkey',
  })
  service?: ServiceEntity | null;

  @Column({ name: 'display_name', type: 'varchar', length: 128, nullable: true })
  displayName!: string | null;
}
