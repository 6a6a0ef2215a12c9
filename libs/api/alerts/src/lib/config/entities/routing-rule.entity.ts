import { OrganizationEntity } from '@hyperion/api/core';
import type { AlertUrgency, LabelMatcher, NotificationChannelKind } from '@hyperion/contracts';
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

import { ServiceEntity } from '../../entities/service.entity';
import { EscalationPolicyEntity } from './escalation-policy.entity';

/**
 * A routing rule of one organisation. Positions run 0, 1, 2 … without gaps (kept so under a
 * lock); the first enabled rule whose matchers all match decides where an alert goes.
 */
@Entity({ name: 'routing_rule' })
@Unique('routing_rule_organization_name_key', ['organizationId', 'name'])
@Index('routing_rule_organization_position_idx', ['organizationId', 'position'])
export class RoutingRuleEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'routing_rule_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'jsonb' })
  matchers!: LabelMatcher[];

  @Column({ name: 'service_id', type: 'uuid', nullable: true })
  serviceId!: string | null;

  @ManyToOne(() => ServiceEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'service_id', foreignKeyConstraintName: 'routing_rule_service_id_fkey' })
  service?: ServiceEntity | null;

  @Column({ name: 'escalation_policy_id', type: 'uuid', nullable: true })
  escalationPolicyId!: string | null;

  @ManyToOne(() => EscalationPolicyEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({
    name: 'escalation_policy_id',
    foreignKeyConstraintName: 'routing_rule_escalation_policy_id_fkey',
  })
  escalationPolicy?: EscalationPolicyEntity | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  urgency!: AlertUrgency | null;

  @Column({ name: 'channel_kinds', type: 'jsonb', nullable: true })
  channelKinds!: NotificationChannelKind[] | null;

  @Column({ type: 'boolean', default: false })
  suppress!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
