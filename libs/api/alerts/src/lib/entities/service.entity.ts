import { OrganizationEntity } from '@hyperion/api/core';
import type { ServiceUrgencyRule } from '@hyperion/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

/**
 * A service of one organisation (PagerDuty's model): what alerts are about, who owns it, how its
 * alerts are grouped and escalated. Row-level security keeps other organisations' rows out of
 * every query; the unique key includes the organisation, so two organisations may use one name.
 * Any change here needs a migration (the schema-drift specs compare the two).
 */
@Entity({ name: 'service' })
@Unique('service_organization_name_key', ['organizationId', 'name'])
export class ServiceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'service_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  /** A team of notifications (not a foreign key: that lib's tables are its own; checked on write). */
  @Column({ name: 'team_id', type: 'uuid', nullable: true })
  teamId!: string | null;

  /** Checked on write; a policy deleted later makes the service follow the default. */
  @Column({ name: 'escalation_policy_id', type: 'uuid', nullable: true })
  escalationPolicyId!: string | null;

  @Column({ name: 'auto_resolve_minutes', type: 'integer', nullable: true })
  autoResolveMinutes!: number | null;

  @Column({ name: 'urgency_rule', type: 'varchar', length: 8, default: 'severity' })
  urgencyRule!: ServiceUrgencyRule;

  @Column({ name: 'group_by', type: 'jsonb', default: () => `'[]'` })
  groupBy!: string[];

  @Column({ name: 'group_wait_seconds', type: 'integer', default: 10 })
  groupWaitSeconds!: number;

  @Column({ name: 'group_interval_seconds', type: 'integer', default: 300 })
  groupIntervalSeconds!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
