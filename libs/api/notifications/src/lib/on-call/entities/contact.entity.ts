import { UserEntity } from '@hyperion/api/auth';
import { OrganizationEntity } from '@hyperion/api/core';
import type { NotificationChannelKind, NotificationPreferences } from '@hyperion/contracts';
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

/** What a contact's notification rules are stored as (the contact id is the row's). */
export type StoredPreferences = Omit<NotificationPreferences, 'contactId'>;

/**
 * A person Hyperion can page, in one organisation: linked to one of its users or not. The iCal
 * token is found across organisations (the public feed) through `hyperion_lookup('contact_ical_token')`.
 */
@Entity({ name: 'contact' })
@Unique('contact_organization_name_key', ['organizationId', 'name'])
@Unique('contact_organization_user_key', ['organizationId', 'userId'])
@Unique('contact_organization_ical_token_key', ['organizationId', 'icalToken'])
@Index('contact_ical_token_idx', ['icalToken'])
export class ContactEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'contact_organization_id_fkey' })
  organization?: OrganizationEntity;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'contact_user_id_fkey' })
  user?: UserEntity | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  phone!: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  handles!: Partial<Record<NotificationChannelKind, string>>;

  @Column({ name: 'time_zone', type: 'varchar', length: 64 })
  timeZone!: string;

  @Column({ name: 'ical_token', type: 'varchar', length: 64 })
  icalToken!: string;

  /** null until the contact (or an administrator) sets rules. */
  @Column({ name: 'notification_preferences', type: 'jsonb', nullable: true })
  notificationPreferences!: StoredPreferences | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
