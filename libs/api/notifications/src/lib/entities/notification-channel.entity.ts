import { OrganizationEntity } from '@hyperion/api/core';
import type { NotificationChannelKind } from '@hyperion/contracts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

/** The CHECK of `kind`, shared with the migration (NOTIFICATION_CHANNEL_KINDS). */
export const NOTIFICATION_CHANNEL_KIND_CHECK = `"kind" IN ('email', 'slack', 'mattermost', 'discord', 'teams', 'telegram', 'webhook', 'sms', 'voice')`;

/**
 * A notification channel of one organisation. Row-level security keeps other organisations' rows out of
 * every query; the unique key includes the organisation, so two organisations may use one name.
 * `secrets` is the SecretBox seal of the secrets' JSON (associated data `notification_channel:<id>`).
 * Any change here needs a migration (the schema-drift specs compare the two).
 */
@Entity({ name: 'notification_channel' })
@Unique('notification_channel_organization_name_key', ['organizationId', 'name'])
@Check('notification_channel_kind_check', NOTIFICATION_CHANNEL_KIND_CHECK)
export class NotificationChannelEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'notification_channel_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: NotificationChannelKind;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'jsonb' })
  config!: Record<string, unknown>;

  /** SecretBox seal (`v1:...`) of the secrets' JSON; never returned. */
  @Column({ type: 'text' })
  secrets!: string;

  /**
   * bigint: PostgreSQL hands it back as a string. Only the pipeline changes the counts, with
   * `count = count + 1` (never written from a loaded row, which may be stale).
   */
  @Column({ name: 'delivered_count', type: 'bigint', default: 0, insert: false, update: false })
  deliveredCount!: string;

  @Column({ name: 'failed_count', type: 'bigint', default: 0, insert: false, update: false })
  failedCount!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
