import { OrganizationEntity } from '@hyperion/api/core';
import type { HostKind, HostState } from '@hyperion/contracts';
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
 * A host of one organisation whose metrics Hyperion samples: this Hyperion host (`local`) or a
 * remote node_exporter (`url`, with its bearer token sealed in `secret`). `next_sample_at` is
 * when its next sample is due; `running_until` is the lease of the sample being taken (one at a
 * time, on any instance). `collector_state` keeps the previous scrape's counters (CPU seconds,
 * network bytes) the next one's rates come from; `threshold_state` when each threshold was first
 * exceeded and whether its alert is raised. Any change here needs a migration (the schema-drift
 * specs compare the two).
 */
@Entity({ name: 'host' })
@Unique('host_organization_name_key', ['organizationId', 'name'])
@Index('host_due_idx', ['nextSampleAt'], { where: '"enabled"' })
export class HostEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'host_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: HostKind;

  /** node_exporter: the `/metrics` URL (never with credentials); null for the local host. */
  @Column({ type: 'varchar', length: 2048, nullable: true })
  url!: string | null;

  /** SecretBox-sealed bearer token of the scrape, or null. */
  @Column({ type: 'text', nullable: true })
  secret!: string | null;

  @Column({ name: 'interval_seconds', type: 'integer' })
  intervalSeconds!: number;

  @Column({ type: 'boolean' })
  enabled!: boolean;

  @Column({ type: 'jsonb' })
  tags!: string[];

  /** Alert limits in percent (null: that alert is off), each sustained for `threshold_seconds`. */
  @Column({ name: 'cpu_threshold', type: 'integer', nullable: true })
  cpuThreshold!: number | null;

  @Column({ name: 'memory_threshold', type: 'integer', nullable: true })
  memoryThreshold!: number | null;

  @Column({ name: 'disk_threshold', type: 'integer', nullable: true })
  diskThreshold!: number | null;

  @Column({ name: 'threshold_seconds', type: 'integer' })
  thresholdSeconds!: number;

  @Column({ type: 'varchar', length: 8 })
  state!: HostState;

  /** Failed samples in a row so far. */
  @Column({ type: 'integer' })
  failures!: number;

  @Column({ name: 'state_changed_at', type: 'timestamptz' })
  stateChangedAt!: Date;

  @Column({ name: 'last_sample_at', type: 'timestamptz', nullable: true })
  lastSampleAt!: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Column({ name: 'collector_state', type: 'jsonb', nullable: true })
  collectorState!: Record<string, unknown> | null;

  @Column({ name: 'threshold_state', type: 'jsonb' })
  thresholdState!: Record<string, unknown>;

  @Column({ name: 'next_sample_at', type: 'timestamptz' })
  nextSampleAt!: Date;

  @Column({ name: 'running_until', type: 'timestamptz', nullable: true })
  runningUntil!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
