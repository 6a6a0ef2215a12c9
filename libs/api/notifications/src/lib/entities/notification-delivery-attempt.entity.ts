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

import { NotificationDeliveryEntity } from './notification-delivery.entity';

/** One provider's receipt of one attempt of a delivery (SMS/voice failover: two per attempt). */
@Entity({ name: 'notification_delivery_attempt' })
@Check('notification_delivery_attempt_status_check', `"status" IN ('delivered', 'failed')`)
@Index('notification_delivery_attempt_delivery_idx', ['deliveryId'])
export class NotificationDeliveryAttemptEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'notification_delivery_attempt_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ name: 'delivery_id', type: 'uuid' })
  deliveryId!: string;

  @ManyToOne(() => NotificationDeliveryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'delivery_id',
    foreignKeyConstraintName: 'notification_delivery_attempt_delivery_id_fkey',
  })
  delivery?: NotificationDeliveryEntity;

  /** 1-based. */
  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: 'delivered' | 'failed';

  @Column({ type: 'varchar', length: 32 })
  provider!: string;

  @Column({ name: 'http_status', type: 'integer', nullable: true })
  httpStatus!: number | null;

  @Column({ name: 'smtp_response', type: 'varchar', length: 512, nullable: true })
  smtpResponse!: string | null;

  @Column({ name: 'latency_ms', type: 'integer' })
  latencyMs!: number;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  error!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}
