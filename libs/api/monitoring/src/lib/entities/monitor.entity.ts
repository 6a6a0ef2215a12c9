import { OrganizationEntity } from '@hyperion/api/core';
import type { MonitorKind, MonitorState } from '@hyperion/contracts';
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

/**
 * A dependency monitor of one organisation: what it checks (`target`, with its secret part
 * sealed in `secret`), how often, and its current verdict. `next_check_at` is when it is due;
 * `running_until` is the lease of the check in progress (one run of a monitor at a time, on any
 * instance). Any change here needs a migration (the schema-drift specs compare the two).
 */
@Entity({ name: 'monitor' })
@Unique('monitor_organization_name_key', ['organizationId', 'name'])
@Unique('monitor_organization_push_token_key', ['organizationId', 'pushToken'])
@Index('monitor_due_idx', ['nextCheckAt'], { where: '"enabled"' })
export class MonitorEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'monitor_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: MonitorKind;

  /** The target without its secret (a connection string or a Redis URL lives in `secret`). */
  @Column({ type: 'jsonb' })
  target!: Record<string, unknown>;

  /** SecretBox-sealed secret part of the target, or null. */
  @Column({ type: 'text', nullable: true })
  secret!: string | null;

  @Column({ name: 'interval_seconds', type: 'integer' })
  intervalSeconds!: number;

  @Column({ name: 'timeout_seconds', type: 'integer' })
  timeoutSeconds!: number;

  @Column({ type: 'integer' })
  retries!: number;

  @Column({ type: 'boolean' })
  enabled!: boolean;

  /** A service of the alerts lib (no foreign key: the two libs' tables stay independent). */
  @Column({ name: 'service_id', type: 'uuid', nullable: true })
  serviceId!: string | null;

  @Column({ name: 'group_name', type: 'varchar', length: 64, nullable: true })
  groupName!: string | null;

  @Column({ type: 'jsonb' })
  tags!: string[];

  /** An UP check slower than this is slow; null: off (see the response-time migration). */
  @Column({ name: 'response_time_threshold_ms', type: 'integer', nullable: true })
  responseTimeThresholdMs!: number | null;

  /** Slow UP checks in a row so far. */
  @Column({ name: 'slow_checks', type: 'integer', default: 0 })
  slowChecks!: number;

  /** Slow for more than `retries` checks in a row (its warning alert is open). */
  @Column({ type: 'boolean', default: false })
  slow!: boolean;

  @Column({ type: 'varchar', length: 8 })
  state!: MonitorState;

  @Column({ type: 'integer' })
  failures!: number;

  @Column({ name: 'last_checked_at', type: 'timestamptz', nullable: true })
  lastCheckedAt!: Date | null;

  @Column({ name: 'last_latency_ms', type: 'integer', nullable: true })
  lastLatencyMs!: number | null;

  @Column({ name: 'last_message', type: 'varchar', length: 500, nullable: true })
  lastMessage!: string | null;

  @Column({ name: 'state_changed_at', type: 'timestamptz' })
  stateChangedAt!: Date;

  /** What the checker carries from one run to the next (a log file's identity and offset). */
  @Column({ name: 'check_state', type: 'jsonb', nullable: true })
  checkState!: Record<string, unknown> | null;

  /**
   * push monitors: the secret token of their push URL. Unique within the organisation, as every
   * key of a tenant table is; 192 random bits make it unique everywhere in practice.
   */
  @Column({ name: 'push_token', type: 'varchar', length: 64, nullable: true })
  pushToken!: string | null;

  @Column({ name: 'next_check_at', type: 'timestamptz' })
  nextCheckAt!: Date;

  @Column({ name: 'running_until', type: 'timestamptz', nullable: true })
  runningUntil!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
