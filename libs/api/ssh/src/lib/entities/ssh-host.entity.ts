import { OrganizationEntity } from '@hyperion/api/core';
import type { SshAuthMethod } from '@hyperion/contracts';
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
 * A SSH host of one organisation. Row-level security keeps other organisations' rows out of
 * every query; the unique key includes the organisation, so two organisations may use one name.
 * The credentials are one SecretBox-sealed JSON value, sealed with the host's id as context (a
 * sealed value copied to another row does not open). The host key columns are what trust on
 * first use recorded (or an administrator pinned) and the different key offered since, if any.
 * Any change here needs a migration (the schema-drift specs compare the two).
 */
@Entity({ name: 'ssh_host' })
@Unique('ssh_host_organization_name_key', ['organizationId', 'name'])
export class SshHostEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'ssh_host_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'varchar', length: 253 })
  address!: string;

  @Column({ type: 'integer' })
  port!: number;

  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ name: 'auth_method', type: 'varchar', length: 32 })
  authMethod!: SshAuthMethod;

  /** SecretBox-sealed SshCredentials (JSON). */
  @Column({ type: 'text' })
  credentials!: string;

  /** Another host of the same organisation connected through first; a host in use cannot go. */
  @Column({ name: 'jump_host_id', type: 'uuid', nullable: true })
  jumpHostId!: string | null;

  @ManyToOne(() => SshHostEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'jump_host_id', foreignKeyConstraintName: 'ssh_host_jump_host_id_fkey' })
  jumpHost?: SshHostEntity;

  @Column({ type: 'jsonb' })
  tags!: string[];

  @Column({ name: 'host_key_fingerprint', type: 'varchar', length: 64, nullable: true })
  hostKeyFingerprint!: string | null;

  @Column({ name: 'host_key_type', type: 'varchar', length: 64, nullable: true })
  hostKeyType!: string | null;

  @Column({ name: 'host_key_trusted_at', type: 'timestamptz', nullable: true })
  hostKeyTrustedAt!: Date | null;

  @Column({ name: 'host_key_pending_fingerprint', type: 'varchar', length: 64, nullable: true })
  hostKeyPendingFingerprint!: string | null;

  @Column({ name: 'host_key_pending_type', type: 'varchar', length: 64, nullable: true })
  hostKeyPendingType!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
