import { OrganizationEntity } from '@hyperion/api/core';
import type { NotificationChannelKind, PageStepState } from '@hyperion/contracts';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { PageEntity } from './page.entity';

/** One step of a page: "after N minutes, through <kind>", and what became of it. */
@Entity({ name: 'page_step' })
export class PageStepEntity {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @PrimaryColumn({ name: 'page_id', type: 'uuid' })
  pageId!: string;

  /** 0-based, in rule order. */
  @PrimaryColumn({ type: 'integer' })
  step!: number;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'page_step_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @ManyToOne(() => PageEntity, (p) => p.steps, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'page_id', foreignKeyConstraintName: 'page_step_page_id_fkey' })
  page?: PageEntity;

  @Column({ name: 'delay_minutes', type: 'integer' })
  delayMinutes!: number;

  @Column({ type: 'varchar', length: 16 })
  kind!: NotificationChannelKind;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'varchar', length: 16 })
  state!: PageStepState;

  /** The channel and delivery it went through (history: no foreign keys). */
  @Column({ name: 'channel_id', type: 'uuid', nullable: true })
  channelId!: string | null;

  @Column({ name: 'delivery_id', type: 'uuid', nullable: true })
  deliveryId!: string | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt!: Date | null;
}
