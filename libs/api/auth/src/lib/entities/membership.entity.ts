import { OrganizationEntity } from '@hyperion/api/core';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';

import { MembershipRoleEntity } from './membership-role.entity';
import { UserEntity } from './user.entity';

/** A user's place in one organisation; its roles say what the user may do there. */
@Entity({ name: 'membership' })
@Unique('membership_organization_user_key', ['organizationId', 'userId'])
@Index('membership_user_idx', ['userId'])
export class MembershipEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'membership_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'membership_user_id_fkey' })
  user?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @OneToMany(() => MembershipRoleEntity, (link) => link.membership)
  roles?: MembershipRoleEntity[];
}
