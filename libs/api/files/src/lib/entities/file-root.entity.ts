import { OrganizationEntity } from '@hyperion/api/core';
import type { FileRootKind } from '@hyperion/contracts';
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
 * A file root of one organisation. Row-level security keeps other organisations' rows out of
 * every query; the unique key includes the organisation, so two organisations may use one name.
 * Any change here needs a migration (the schema-drift specs compare the two).
 */
@Entity({ name: 'file_root' })
@Unique('file_root_organization_name_key', ['organizationId', 'name'])
export class FileRootEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'file_root_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  /** `local` (a directory of this host) or `sftp` (a directory of `sshHostId`). */
  @Column({ type: 'varchar', length: 16 })
  kind!: FileRootKind;

  /** The SSH host of an `sftp` root (same organisation, checked by the service); null for local. */
  @Column({ name: 'ssh_host_id', type: 'uuid', nullable: true })
  sshHostId!: string | null;

  // By name: the SSH library's entity, registered by its own domain (deleting the host cascades).
  @ManyToOne('SshHostEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ssh_host_id', foreignKeyConstraintName: 'file_root_ssh_host_id_fkey' })
  sshHost?: unknown;

  /** Largest upload of this root in bytes; null: FILES_MAX_UPLOAD_BYTES. */
  @Column({
    name: 'max_upload_bytes',
    type: 'bigint',
    nullable: true,
    transformer: {
      to: (value: number | null | undefined) => value,
      from: (value: string | null) => (value === null ? null : Number(value)),
    },
  })
  maxUploadBytes!: number | null;

  /** Absolute and resolved (realpath) when declared; the guard checks it again on every use. */
  @Column({ type: 'text' })
  path!: string;

  @Column({ name: 'read_only', type: 'boolean', default: false })
  readOnly!: boolean;

  /** Role names that see the root; empty: every role holding files:read. */
  @Column({ name: 'allowed_roles', type: 'text', array: true, default: () => "'{}'" })
  allowedRoles!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
