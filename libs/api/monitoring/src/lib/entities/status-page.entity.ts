import { OrganizationEntity } from '@hyperion/api/core';
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
 * A status page of one organisation. Row-level security keeps other organisations' rows out of
 * every query, but a page is also found by its slug before its organisation is known (the public
 * URL has none: the `status_page_slug` lookup). Every unique key of a tenant table starts with
 * the organisation, so the slug is unique across organisations by the service (under an advisory
 * lock on the slug), not by a key. Any change here needs a migration (the schema-drift specs
 * compare the two).
 */
@Entity({ name: 'status_page' })
@Unique('status_page_organization_name_key', ['organizationId', 'name'])
@Unique('status_page_organization_slug_key', ['organizationId', 'slug'])
@Index('status_page_slug_idx', ['slug'])
export class StatusPageEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'status_page_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ type: 'varchar', length: 48 })
  slug!: string;

  /** The page's title. */
  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'boolean', default: false })
  published!: boolean;

  @Column({ name: 'show_postmortems', type: 'boolean', default: false })
  showPostmortems!: boolean;

  @Column({ name: 'public_url', type: 'varchar', length: 500, nullable: true })
  publicUrl!: string | null;

  /** A notification channel of kind email (not a foreign key: that lib's tables are its own; checked on write). */
  @Column({ name: 'email_channel_id', type: 'uuid', nullable: true })
  emailChannelId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
