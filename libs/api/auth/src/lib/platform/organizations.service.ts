import { randomUUID } from 'node:crypto';

import { Actor, OrganizationEntity, RequestContext, UnitOfWork } from '@hyperion/api/core';
import type { OrganizationSummary } from '@hyperion/contracts';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';

import { AccessRevocation } from '../principals/access-revocation.service';
import { RolesRepository } from '../roles/roles.repository';
import { RolesService } from '../roles/roles.service';
import { MembershipsRepository } from '../users/memberships.repository';
import { CreateOrganizationDto, UpdateOrganizationDto } from './dto/organization.dto';
import { OrganizationsRepository } from './organizations.repository';

function toSummary(org: OrganizationEntity, members = 0): OrganizationSummary {
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    createdAt: org.createdAt.toISOString(),
    disabledAt: org.disabledAt?.toISOString() ?? null,
    memberCount: members,
  };
}

/** Organisations, managed by platform administrators (platform:admin). */
@Injectable()
export class OrganizationsService {
  constructor(
    private readonly organizations: OrganizationsRepository,
    private readonly roles: RolesService,
    private readonly rolesRepository: RolesRepository,
    private readonly memberships: MembershipsRepository,
    private readonly uow: UnitOfWork,
    private readonly revocation: AccessRevocation,
  ) {}

  async list(): Promise<OrganizationSummary[]> {
    return this.uow.run(
      async () => {
        const counts = await this.organizations.memberCounts();
        return (await this.organizations.list()).map((o) => toSummary(o, counts.get(o.id) ?? 0));
      },
      { organizationId: null, platform: true },
    );
  }

  /** A new organisation with the built-in roles; a user creating it becomes its administrator. */
  async create(actor: Actor, dto: CreateOrganizationDto): Promise<OrganizationSummary> {
    const id = randomUUID();
    return RequestContext.fork({ organizationId: id }, () =>
      this.uow.run(async (tx) => {
        const org = await this.organizations.create(id, dto.name, dto.slug);
        await this.roles.seedBuiltIns();
        if (actor.type === 'user') {
          const [admin] = await this.rolesRepository.findByNames(['admin']);
          await this.memberships.add(actor.id, admin ? [admin.id] : []);
          tx.afterCommit(() => this.revocation.user(actor.id));
        }
        await tx.audit({
          action: 'organization_created',
          target: `organization:${id}`,
          result: 'success',
          details: { name: org.name, slug: org.slug },
        });
        return toSummary(org, actor.type === 'user' ? 1 : 0);
      }),
    );
  }

  async update(id: string, dto: UpdateOrganizationDto): Promise<OrganizationSummary> {
    if (dto.name === undefined && dto.disabled === undefined) {
      throw new BadRequestException('Give name or disabled');
    }
    return RequestContext.fork({ organizationId: id }, () =>
      this.uow.run(async (tx) => {
        const before = await this.organizations.findById(id);
        if (!before) throw new NotFoundException('Organisation not found');
        const changes: { name?: string; disabledAt?: Date | null } = {};
        if (dto.name !== undefined) changes.name = dto.name;
        if (dto.disabled !== undefined) {
          changes.disabledAt = dto.disabled ? (before.disabledAt ?? new Date()) : null;
        }
        await this.organizations.update(id, changes);
        await tx.audit({
          action: 'organization_updated',
          target: `organization:${id}`,
          result: 'success',
          details: {
            fields: Object.keys(dto),
            name: dto.name ?? before.name,
            disabled: dto.disabled,
          },
        });
        // Names show in every member's "me" view: drop the cached ones.
        tx.afterCommit(() => this.revocation.organization(id));
        if (dto.disabled !== undefined) {
          const members: { user_id: string }[] = await tx.manager.query(
            `SELECT user_id FROM membership WHERE organization_id = $1`,
            [id],
          );
          tx.afterCommit(async () => {
            await this.revocation.organization(id);
            for (const { user_id } of members) await this.revocation.user(user_id);
          });
        }
        const after = (await this.organizations.findById(id)) ?? before;
        return toSummary(after, await this.organizations.memberCount(id));
      }),
    );
  }
}
