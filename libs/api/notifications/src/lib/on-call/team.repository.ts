import { UnitOfWork } from '@hyperion/api/core';
import { Injectable } from '@nestjs/common';
import { In, Repository } from 'typeorm';

import { TeamMemberEntity } from './entities/team-member.entity';
import { TeamEntity } from './entities/team.entity';
import { withConflicts } from './unique-conflict';

export type TeamFields = Pick<TeamEntity, 'name' | 'description'>;

/** A team with its members' contact ids in order. */
export interface TeamWithMembers {
  team: TeamEntity;
  memberIds: string[];
}

/** The only TypeORM code of teams and their members; every call runs inside a unit of work. */
@Injectable()
export class TeamRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get teams(): Repository<TeamEntity> {
    return this.uow.manager.getRepository(TeamEntity);
  }

  private get members(): Repository<TeamMemberEntity> {
    return this.uow.manager.getRepository(TeamMemberEntity);
  }

  async list(): Promise<TeamWithMembers[]> {
    const teams = await this.teams.find({ order: { name: 'ASC', id: 'ASC' } });
    return this.withMembers(teams);
  }

  async findById(id: string): Promise<TeamWithMembers | null> {
    const team = await this.teams.findOneBy({ id });
    return team ? (await this.withMembers([team]))[0] : null;
  }

  create(fields: TeamFields): Promise<TeamEntity> {
    return this.save(this.teams.create({ ...fields, organizationId: this.uow.organizationId }));
  }

  update(row: TeamEntity, fields: Partial<TeamFields>): Promise<TeamEntity> {
    return this.save(this.teams.merge(row, fields));
  }

  /** Replaces the team's members by `contactIds`, in that order. */
  async setMembers(teamId: string, contactIds: readonly string[]): Promise<void> {
    await this.members.delete({ teamId });
    if (contactIds.length === 0) return;
    const organizationId = this.uow.organizationId;
    await this.members.insert(
      contactIds.map((contactId, position) => ({ teamId, contactId, position, organizationId })),
    );
  }

  async delete(id: string): Promise<void> {
    await this.teams.delete({ id });
  }

  private async withMembers(teams: TeamEntity[]): Promise<TeamWithMembers[]> {
    if (teams.length === 0) return [];
    const rows = await this.members.find({
      where: { teamId: In(teams.map((t) => t.id)) },
      order: { position: 'ASC' },
    });
    return teams.map((team) => ({
      team,
      memberIds: rows.filter((r) => r.teamId === team.id).map((r) => r.contactId),
    }));
  }

  private save(row: TeamEntity): Promise<TeamEntity> {
    return withConflicts(() => this.teams.save(row), {
      team_organization_name_key: `A team named "${row.name}" already exists`,
    });
  }
}
