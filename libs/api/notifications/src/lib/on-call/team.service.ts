import { UnitOfWork } from '@hyperion/api/core';
import type { CreateTeamRequest, TeamSummary, UpdateTeamRequest } from '@hyperion/contracts';
import { ON_CALL_RULES } from '@hyperion/contracts';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';

import { ContactRepository } from './contact.repository';
import { TeamRepository, TeamWithMembers } from './team.repository';

export function toTeamSummary({ team, memberIds }: TeamWithMembers): TeamSummary {
  return {
    id: team.id,
    name: team.name,
    description: team.description,
    memberIds,
    createdAt: team.createdAt.toISOString(),
    updatedAt: team.updatedAt.toISOString(),
  };
}

const target = (id: string) => `team:${id}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Teams of contacts; each use case in one unit of work of the request's organisation. */
@Injectable()
export class TeamService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: TeamRepository,
    private readonly contacts: ContactRepository,
  ) {}

  list(): Promise<TeamSummary[]> {
    return this.uow.run(async () => (await this.repository.list()).map(toTeamSummary));
  }

  get(id: string): Promise<TeamSummary> {
    return this.uow.run(async () => toTeamSummary(await this.found(id)));
  }

  create(dto: CreateTeamRequest): Promise<TeamSummary> {
    return this.uow.run(async (tx) => {
      const memberIds = await this.checkedMembers(dto.memberIds ?? []);
      const team = await this.repository.create({
        name: dto.name,
        description: dto.description ?? '',
      });
      await this.repository.setMembers(team.id, memberIds);
      await tx.audit({
        action: 'team_created',
        target: target(team.id),
        result: 'success',
        details: { name: team.name, memberIds },
      });
      return toTeamSummary({ team, memberIds });
    });
  }

  update(id: string, dto: UpdateTeamRequest): Promise<TeamSummary> {
    return this.uow.run(async (tx) => {
      const current = await this.found(id);
      const previousName = current.team.name;
      const memberIds = dto.memberIds
        ? await this.checkedMembers(dto.memberIds)
        : current.memberIds;
      const team = await this.repository.update(current.team, {
        name: dto.name ?? current.team.name,
        description: dto.description ?? current.team.description,
      });
      if (dto.memberIds) await this.repository.setMembers(id, memberIds);
      await tx.audit({
        action: 'team_updated',
        target: target(id),
        result: 'success',
        details: { name: team.name, previousName, memberIds },
      });
      return toTeamSummary({ team, memberIds });
    });
  }

  delete(id: string): Promise<void> {
    return this.uow.run(async (tx) => {
      const { team } = await this.found(id);
      await this.repository.delete(id);
      await tx.audit({
        action: 'team_deleted',
        target: target(id),
        result: 'success',
        details: { name: team.name },
      });
    });
  }

  /** 400 naming memberIds unless every id is a distinct contact of this organisation. */
  private async checkedMembers(memberIds: readonly string[]): Promise<string[]> {
    if (memberIds.length > ON_CALL_RULES.membersMax) {
      throw new BadRequestException(`memberIds: at most ${ON_CALL_RULES.membersMax} contacts`);
    }
    if (new Set(memberIds).size !== memberIds.length) {
      throw new BadRequestException('memberIds: each contact at most once');
    }
    const malformed = memberIds.filter((id) => !UUID.test(id));
    if (malformed.length > 0) {
      throw new BadRequestException('memberIds: each a contact id (UUID)');
    }
    const found = new Set((await this.contacts.findByIds(memberIds)).map((c) => c.id));
    const unknown = memberIds.filter((id) => !found.has(id));
    if (unknown.length > 0) {
      throw new BadRequestException(
        `memberIds: not contacts of this organisation: ${unknown.join(', ')}`,
      );
    }
    return [...memberIds];
  }

  private async found(id: string): Promise<TeamWithMembers> {
    const row = await this.repository.findById(id);
    if (!row) throw new NotFoundException('Team not found');
    return row;
  }
}
