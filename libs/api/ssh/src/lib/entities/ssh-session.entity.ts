import { OrganizationEntity } from '@hyperion/api/core';
import type { SshSessionEndReason, SshSessionState } from '@hyperion/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/** bigint columns as numbers (a recording stays far below 2^53 bytes). */
const bigintNumber = {
  to: (value: number) => value,
  from: (value: string | number) => Number(value),
};

/**
 * A browser terminal session on a SSH host of one organisation: who opened it, on what (the
 * host's name and target as they were, kept when the host is renamed or deleted), how it ended,
 * and its recording's size. `instance_id` names the API instance holding the live SSH channel;
 * it refreshes `heartbeat_at` while it lives, so a session left `live` by an instance that is
 * gone is ended (`shutdown`) by the sweep. Any change here needs a migration.
 */
@Entity({ name: 'ssh_session' })
@Index('ssh_session_organization_started_idx', ['organizationId', 'startedAt'])
@Index('ssh_session_state_heartbeat_idx', ['state', 'heartbeatAt'])
export class SshSessionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'ssh_session_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  /** No foreign key: the history outlives the host. */
  @Column({ name: 'host_id', type: 'uuid' })
  hostId!: string;

  @Column({ name: 'host_name', type: 'varchar', length: 128 })
  hostName!: string;

  @Column({ type: 'varchar', length: 400 })
  target!: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  username!: string | null;

  @Column({ type: 'varchar', length: 8 })
  state!: SshSessionState;

  @Column({ name: 'end_reason', type: 'varchar', length: 16, nullable: true })
  endReason!: SshSessionEndReason | null;

  @Column({ name: 'exit_code', type: 'integer', nullable: true })
  exitCode!: number | null;

  @Column({ type: 'integer' })
  cols!: number;

  @Column({ type: 'integer' })
  rows!: number;

  @Column({ name: 'records_input', type: 'boolean' })
  recordsInput!: boolean;

  @Column({ name: 'command_count', type: 'integer' })
  commandCount!: number;

  @Column({ name: 'recording_bytes', type: 'bigint', transformer: bigintNumber })
  recordingBytes!: number;

  @Column({ name: 'instance_id', type: 'varchar', length: 200 })
  instanceId!: string;

  @Column({ name: 'heartbeat_at', type: 'timestamptz' })
  heartbeatAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'last_activity_at', type: 'timestamptz' })
  lastActivityAt!: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;
}
