import { OrganizationEntity } from '@hyperion/api/core';
import type { DeliveryState, NotificationMessage } from '@hyperion/contracts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';

import { NotificationChannelEntity } from './notification-channel.entity';

/**
 * One message to one recipient through one channel. `pending` until the pipeline delivers it or
 * gives up; the idempotency key (unique per organisation) is sent unchanged on every attempt.
 */
@Entity({ name: 'notification_delivery' })
@Unique('notification_delivery_organization_idempotency_key_key', [
  'organizationId',
  'idempotencyKey',
])
@Check('notification_delivery_state_check', `"state" IN ('pending', 'delivered', 'failed')`)
@Index('notification_delivery_organization_created_idx', ['organizationId', 'createdAt'])
@Index('notification_delivery_channel_idx', ['channelId'])
export class NotificationDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'notification_delivery_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ name: 'channel_id', type: 'uuid' })
  channelId!: string;

  @ManyToOne(() => NotificationChannelEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'channel_id',
    foreignKeyConstraintName: 'notification_delivery_channel_id_fkey',
  })
  channel?: NotificationChannelEntity;

  /** Email address, phone number or chat id; null: the channel's own default. */
  @Column({ type: 'varchar', length: 320, nullable: true })
  recipient!: string | null;

  @Column({ type: 'varchar', length: 512 })
  title!: string;

  @Column({ type: 'jsonb' })
  message!: NotificationMessage;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  state!: DeliveryState;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 128 })
  idempotencyKey!: string;

  @Column({ name: 'attempts_made', type: 'integer', default: 0 })
  attemptsMade!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
