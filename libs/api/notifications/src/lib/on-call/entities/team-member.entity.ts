import { OrganizationEntity } from '@hyperion/api/core';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

import { ContactEntity } from './contact.entity';
import { TeamEntity } from './team.entity';

/** A contact's place in a team (deleting either removes the row). */
@Entity({ name: 'team_member' })
@Index('team_member_contact_idx', ['contactId'])
export class TeamMemberEntity {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @PrimaryColumn({ name: 'team_id', type: 'uuid' })
  teamId!: string;

  @PrimaryColumn({ name: 'contact_id', type: 'uuid' })
  contactId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'organization_id',
    foreignKeyConstraintName: 'team_member_organization_id_fkey',
  })
  organization?: OrganizationEntity;

  @ManyToOne(() => TeamEntity, (t) => t.members, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'team_member_team_id_fkey' })
  team?: TeamEntity;

  @ManyToOne(() => ContactEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id', foreignKeyConstraintName: 'team_member_contact_id_fkey' })
  contact?: ContactEntity;

  /** 0-based order in the team. */
  @Column({ type: 'integer' })
  position!: number;
}
