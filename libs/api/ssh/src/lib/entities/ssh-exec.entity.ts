import { OrganizationEntity } from '@hyperion/api/core';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { SshHostEntity } from './ssh-host.entity';

/**
 * A command run on a SSH host of one organisation: who ran it, what came back (each stream cut
 * at SSH_EXEC_RULES.storedOutputMaxBytes) and how it ended. Deleted with its host.
 * Any change here needs a migration (the schema-drift specs compare the two).
 */
@Entity({ name: 'ssh_exec' })
@Index('ssh_exec_host_started_idx', ['hostId', 'startedAt'])
export class SshExecEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'ssh_exec_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ name: 'host_id', type: 'uuid' })
  hostId!: string;

  @ManyToOne(() => SshHostEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'host_id', foreignKeyConstraintName: 'ssh_exec_host_id_fkey' })
  host?: SshHostEntity;

  /** The user who ran it; null for an API key or the system. */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ type: 'varchar', length: 4096 })
  command!: string;

  @Column({ name: 'exit_code', type: 'integer', nullable: true })
  exitCode!: number | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  signal!: string | null;

  @Column({ type: 'text' })
  stdout!: string;

  @Column({ type: 'text' })
  stderr!: string;

  @Column({ type: 'boolean' })
  truncated!: boolean;

  @Column({ name: 'timed_out', type: 'boolean' })
  timedOut!: boolean;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs!: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz' })
  finishedAt!: Date;
}
