import { OrganizationEntity } from '@hyperion/api/core';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { HostEntity } from './host.entity';

/**
 * One raw sample of a host (kept HOST_RAW_RETENTION_HOURS). The figures the range query, the
 * roll-ups and the host list read are columns; the rest of the sample (per core, per
 * interface, per mount, load 5/15, swap, uptime) is `detail`, as HostSample has it.
 */
@Entity({ name: 'host_sample' })
@Index('host_sample_at_idx', ['at'])
export class HostSampleEntity {
  @PrimaryColumn({
    name: 'organization_id',
    type: 'uuid',
    primaryKeyConstraintName: 'host_sample_pkey',
  })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'host_sample_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @PrimaryColumn({ name: 'host_id', type: 'uuid', primaryKeyConstraintName: 'host_sample_pkey' })
  hostId!: string;

  @ManyToOne(() => HostEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'host_id', foreignKeyConstraintName: 'host_sample_host_id_fkey' })
  host?: HostEntity;

  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'host_sample_pkey' })
  at!: Date;

  @Column({ name: 'cpu_percent', type: 'double precision' })
  cpuPercent!: number;

  @Column({ name: 'memory_percent', type: 'double precision' })
  memoryPercent!: number;

  /** The fullest file system's share used; null when the host reports none. */
  @Column({ name: 'disk_percent', type: 'double precision', nullable: true })
  diskPercent!: number | null;

  @Column({ type: 'double precision' })
  load1!: number;

  @Column({ name: 'rx_bytes_per_second', type: 'double precision' })
  rxBytesPerSecond!: number;

  @Column({ name: 'tx_bytes_per_second', type: 'double precision' })
  txBytesPerSecond!: number;

  @Column({ type: 'jsonb' })
  detail!: Record<string, unknown>;
}

/** Columns a roll-up bucket shares at both resolutions (averages and highest values). */
abstract class HostRollupColumns {
  @Column({ type: 'integer' })
  samples!: number;

  @Column({ name: 'cpu_avg', type: 'double precision' })
  cpuAvg!: number;

  @Column({ name: 'cpu_max', type: 'double precision' })
  cpuMax!: number;

  @Column({ name: 'memory_avg', type: 'double precision' })
  memoryAvg!: number;

  @Column({ name: 'memory_max', type: 'double precision' })
  memoryMax!: number;

  @Column({ name: 'disk_avg', type: 'double precision', nullable: true })
  diskAvg!: number | null;

  @Column({ name: 'disk_max', type: 'double precision', nullable: true })
  diskMax!: number | null;

  @Column({ name: 'load1_avg', type: 'double precision' })
  load1Avg!: number;

  @Column({ name: 'rx_avg', type: 'double precision' })
  rxAvg!: number;

  @Column({ name: 'rx_max', type: 'double precision' })
  rxMax!: number;

  @Column({ name: 'tx_avg', type: 'double precision' })
  txAvg!: number;

  @Column({ name: 'tx_max', type: 'double precision' })
  txMax!: number;
}

/** 1-minute roll-ups of host samples (kept HOST_MINUTE_RETENTION_DAYS); `at` is the minute. */
@Entity({ name: 'host_sample_minute' })
@Index('host_sample_minute_at_idx', ['at'])
export class HostSampleMinuteEntity extends HostRollupColumns {
  @PrimaryColumn({
    name: 'organization_id',
    type: 'uuid',
    primaryKeyConstraintName: 'host_sample_minute_pkey',
  })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'host_sample_minute_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @PrimaryColumn({
    name: 'host_id',
    type: 'uuid',
    primaryKeyConstraintName: 'host_sample_minute_pkey',
  })
  hostId!: string;

  @ManyToOne(() => HostEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'host_id', foreignKeyConstraintName: 'host_sample_minute_host_id_fkey' })
  host?: HostEntity;

  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'host_sample_minute_pkey' })
  at!: Date;
}

/** 1-hour roll-ups (from the 1-minute ones; kept HOST_HOUR_RETENTION_DAYS); `at` is the hour. */
@Entity({ name: 'host_sample_hour' })
@Index('host_sample_hour_at_idx', ['at'])
export class HostSampleHourEntity extends HostRollupColumns {
  @PrimaryColumn({
    name: 'organization_id',
    type: 'uuid',
    primaryKeyConstraintName: 'host_sample_hour_pkey',
  })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'host_sample_hour_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @PrimaryColumn({
    name: 'host_id',
    type: 'uuid',
    primaryKeyConstraintName: 'host_sample_hour_pkey',
  })
  hostId!: string;

  @ManyToOne(() => HostEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'host_id', foreignKeyConstraintName: 'host_sample_hour_host_id_fkey' })
  host?: HostEntity;

  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'host_sample_hour_pkey' })
  at!: Date;
}
