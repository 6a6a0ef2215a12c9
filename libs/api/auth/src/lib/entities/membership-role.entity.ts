import { OrganizationEntity } from '@hyperion/api/core';
import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { MembershipEntity } from './membership.entity';
import { RoleEntity } from './role.entity';

/** A role held through a membership (an entity of its own, not an implicit junction table). */
@Entity({ name: 'membership_role' })
export class MembershipRoleEntity {
  @PrimaryColumn({ name: 'membership_id', type: 'uuid' })
  membershipId!: string;

  @PrimaryColumn({ name: 'role_id', type: 'uuid' })
  roleId!: string;

  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'membership_role_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @ManyToOne(() => MembershipEntity, (m) => m.roles, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'membership_id',
    foreignKeyConstraintName: 'membership_role_membership_id_fkey',
  })
  membership?: MembershipEntity;

  @ManyToOne(() => RoleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'role_id', foreignKeyConstraintName: 'membership_role_role_id_fkey' })
  role!: RoleEntity;
}
