import { OrganizationEntity } from '@hyperion/api/core';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

import { SshSessionEntity } from './ssh-session.entity';

/**
 * A command line typed in a browser terminal, as the headless terminal showed it when Enter was
 * pressed, with where the replay jumps to. Deleted with its session. Any change here needs a
 * migration.
 */
@Entity({ name: 'ssh_session_command' })
@Index('ssh_session_command_session_at_idx', ['sessionId', 'at'])
@Index('ssh_session_command_organization_at_idx', ['organizationId', 'at'])
export class SshSessionCommandEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'ssh_session_command_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => SshSessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'session_id',
    foreignKeyConstraintName: 'ssh_session_command_session_id_fkey',
  })
  session?: SshSessionEntity;

  @Column({ name: 'host_id', type: 'uuid' })
  hostId!: string;

  @Column({ name: 'host_name', type: 'varchar', length: 128 })
  hostName!: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ type: 'varchar', length: 4096 })
  command!: string;

  @Column({ name: 'offset_seconds', type: 'double precision' })
  offsetSeconds!: number;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
