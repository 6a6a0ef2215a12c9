import { AuditService } from '@hyperion/api/audit';
import { Actor, RequestMeta } from '@hyperion/api/core';
import type { RoleSummary } from '@hyperion/contracts';
import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';

import { RoleEntity } from '../entities/role.entity';
import { toRoleSummary } from '../users/user-mapper';
import { CreateRoleDto } from './dto/create-role.dto';
import { unionPermissions, unknownPermissions } from './permissions';
import { RolesRepository } from './roles.repository';

/** 400 naming the first entry that is not a Hyperion permission. */
export function assertKnownPermissions(list: readonly string[]): void {
  const unknown = unknownPermissions(list);
  if (unknown.length > 0) {
    throw new BadRequestException(`permissions: unknown permission ${unknown.join(', ')}`);
  }
}

@Injectable()
export class RolesService {
  constructor(
    private readonly roles: RolesRepository,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<RoleSummary[]> {
    return (await this.roles.list()).map(toRoleSummary);
  }

  /** The roles with these names; 400 naming any that does not exist. */
  async resolve(names: readonly string[]): Promise<RoleEntity[]> {
    const unique = [...new Set(names)];
    const found = await this.roles.findByNames(unique);
    const missing = unique.filter((n) => !found.some((r) => r.name === n));
    if (missing.length > 0) {
      throw new BadRequestException(`roles: unknown role ${missing.join(', ')}`);
    }
    return found;
  }

  async create(actor: Actor, dto: CreateRoleDto, meta: RequestMeta): Promise<RoleSummary> {
    assertKnownPermissions(dto.permissions);
    const role = await this.roles.create({
      name: dto.name,
      description: dto.description ?? '',
      permissions: unionPermissions([dto.permissions]),
      builtIn: false,
    });
    await this.audit.record({
      actor,
      action: 'role_created',
      target: `role:${role.id}`,
      result: 'success',
      details: { name: role.name, permissions: role.permissions },
      meta,
    });
    return toRoleSummary(role);
  }

  async delete(actor: Actor, id: string, meta: RequestMeta): Promise<void> {
    const role = await this.roles.findById(id);
    if (!role) throw new NotFoundException('Role not found');
    if (role.builtIn) throw new ConflictException(`Built-in role ${role.name} cannot be deleted`);
    await this.roles.delete(id);
    await this.audit.record({
      actor,
      action: 'role_deleted',
      target: `role:${role.id}`,
      result: 'success',
      details: { name: role.name },
      meta,
    });
  }
}
