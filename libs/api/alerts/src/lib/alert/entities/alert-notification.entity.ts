import { OrganizationEntity } from '@hyperion/api/core';
import type {
  AlertUrgency,
  EscalationLevel,
  EscalationStepState,
  NotificationChannelKind,
} from '@hyperion/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';

/**
 * One notification of a group of alerts, and its escalation: the policy's levels as they were
 * when it went out (`levels`, `repeat`), so editing a policy does not change one in flight.
 */
@Entity({ name: 'alert_notification' })
@Index('alert_notification_organization_created_idx', ['organizationId', 'createdAt'])
// GIN over alert_ids (the notifications of an alert): made by the migration, which TypeORM
// cannot express.
@Index('alert_notification_alert_ids_idx', { synchronize: false })
export class AlertNotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'alert_notification_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ name: 'service_id', type: 'uuid', nullable: true })
  serviceId!: string | null;

  @Column({ name: 'group_key', type: 'varchar', length: 128 })
  groupKey!: string;

  @Column({ name: 'alert_ids', type: 'uuid', array: true })
  alertIds!: string[];

  @Column({ type: 'varchar', length: 512 })
  title!: string;

  @Column({ type: 'varchar', length: 4 })
  urgency!: AlertUrgency;

  @Column({ type: 'jsonb' })
  channels!: NotificationChannelKind[];

  @Column({ type: 'varchar', length: 16 })
  state!: 'escalating' | 'stopped' | 'done';

  @Column({ name: 'escalation_policy_id', type: 'uuid', nullable: true })
  escalationPolicyId!: string | null;

  @Column({ type: 'jsonb' })
  levels!: EscalationLevel[];

  @Column({ type: 'integer' })
  repeat!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** When its critical alert events were recorded (once, at the first level that reached someone). */
  @Column({ name: 'recorded_at', type: 'timestamptz', nullable: true })
  recordedAt!: Date | null;
}

/** One level of one round of a notification's escalation, run once by its delayed job. */
@Entity({ name: 'alert_escalation_step' })
export class AlertEscalationStepEntity {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'alert_escalation_step_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @PrimaryColumn({ name: 'notification_id', type: 'uuid' })
  notificationId!: string;

  @ManyToOne(() => AlertNotificationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'notification_id',
    foreignKeyConstraintName: 'alert_escalation_step_notification_id_fkey',
  })
  notification?: AlertNotificationEntity;

  @PrimaryColumn({ type: 'integer' })
  round!: number;

  /** 1-based, as the documents number them. */
  @PrimaryColumn({ type: 'integer' })
  level!: number;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'varchar', length: 16 })
  state!: EscalationStepState;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'delivery_ids', type: 'jsonb' })
  deliveryIds!: string[];

  @Column({ name: 'page_ids', type: 'jsonb' })
  pageIds!: string[];
}
