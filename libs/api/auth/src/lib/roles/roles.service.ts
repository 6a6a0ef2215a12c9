import { Actor, Tx, UnitOfWork } from '@hyperion/api/core';
import { BUILT_IN_ROLES, BuiltInRoleName, RoleSummary } from '@hyperion/contracts';
import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';

import { RoleEntity } from '../entities/role.entity';
import { AccessRevocation } from '../principals/access-revocation.service';
import { toRoleSummary } from '../users/user-mapper';
import { CreateRoleDto, UpdateRoleDto } from './dto/create-role.dto';
import { assertCanGrant, assertKnownPermissions, unionPermissions } from './permissions';
import { RolesRepository } from './roles.repository';

const DESCRIPTIONS: Record<BuiltInRoleName, string> = {
  admin: 'Everything in the organisation, including members, roles, API keys and the audit log',
  operator: 'Runs operations: incidents, alerts, monitoring control, SSH and files',
  viewer: 'Reads incidents, alerts, monitoring and files',
};

/** Roles of the active organisation. */
@Injectable()
export class RolesService {
  constructor(
    private readonly roles: RolesRepository,
    private readonly uow: UnitOfWork,
    private readonly revocation: AccessRevocation,
  ) {}

  async list(): Promise<RoleSummary[]> {
    return (await this.uow.run(() => this.roles.list())).map(toRoleSummary);
  }

  /** The roles with these names in this organisation; 400 naming any that does not exist. */
  async resolve(names: readonly string[]): Promise<RoleEntity[]> {
    const unique = [...new Set(names)];
    const found = await this.uow.run(() => this.roles.findByNames(unique));
    const missing = unique.filter((n) => !found.some((r) => r.name === n));
    if (missing.length > 0) {
      throw new BadRequestException(`roles: unknown role ${missing.join(', ')}`);
    }
    return found;
  }

  /** The built-in roles, in the unit of work's organisation (kept in line with the contracts). */
  async seedBuiltIns(): Promise<void> {
    await this.uow.run(async () => {
      for (const [name, permissions] of Object.entries(BUILT_IN_ROLES)) {
        await this.roles.upsertBuiltIn({
          name,
          description: DESCRIPTIONS[name as BuiltInRoleName],
          permissions: [...permissions],
        });
      }
    });
  }

  async create(actor: Actor, dto: CreateRoleDto): Promise<RoleSummary> {
    assertKnownPermissions(dto.permissions);
    assertCanGrant(actor.permissions, dto.permissions, 'permissions');
    return this.uow.run(async (tx) => {
      const role = await this.roles.create({
        name: dto.name,
        description: dto.description ?? '',
        permissions: unionPermissions([dto.permissions]),
        builtIn: false,
      });
      await tx.audit({
        action: 'role_created',
        target: `role:${role.id}`,
        result: 'success',
        details: { name: role.name, permissions: role.permissions },
      });
      return toRoleSummary(role);
    });
  }

  /**
   * Changes a custom role's description or permissions (the holders' access changes at once).
   * New permissions must be held by the caller; users:admin is never taken from the last
   * active member holding it.
   */
  async update(actor: Actor, id: string, dto: UpdateRoleDto): Promise<RoleSummary> {
    if (dto.permissions) assertKnownPermissions(dto.permissions);
    return this.uow.run(async (tx) => {
      const role = await this.roles.lockById(id);
      if (!role) throw new NotFoundException('Role not found');
      if (role.builtIn) throw new ConflictException(`Built-in role ${role.name} cannot be changed`);
      const permissions = dto.permissions ? unionPermissions([dto.permissions]) : role.permissions;
      const added = permissions.filter((p) => !role.permissions.includes(p));
      const removed = role.permissions.filter((p) => !permissions.includes(p));
      assertCanGrant(actor.permissions, added, 'permissions');
      if (removed.includes('users:admin')) await this.keepAnAdministrator(tx, role, 'loses');
      const holders = await this.holders(tx, id);
      await this.roles.update(id, {
        ...(dto.description !== undefined ? { description: dto.description } : {}),
        permissions,
      });
      const updated = await this.roles.findById(id);
      if (!updated) throw new NotFoundException('Role not found');
      await tx.audit({
        action: 'role_updated',
        target: `role:${role.id}`,
        result: 'success',
        details: {
          name: role.name,
          added,
          removed,
          ...(dto.description !== undefined && dto.description !== role.description
            ? { description: dto.description }
            : {}),
        },
      });
      tx.afterCommit(() => this.revokeHolders(role.organizationId, holders));
      return toRoleSummary(updated);
    });
  }

  async delete(id: string): Promise<void> {
    await this.uow.run(async (tx) => {
      const role = await this.roles.lockById(id);
      if (!role) throw new NotFoundException('Role not found');
      if (role.builtIn) throw new ConflictException(`Built-in role ${role.name} cannot be deleted`);
      // Never the role that leaves the organisation without an administrator.
      if (role.permissions.includes('users:admin')) {
        await this.keepAnAdministrator(tx, role, 'is deleted');
      }
      const holders = await this.holders(tx, id);
      await this.roles.delete(id);
      await tx.audit({
        action: 'role_deleted',
        target: `role:${role.id}`,
        result: 'success',
        details: { name: role.name },
      });
      tx.afterCommit(() => this.revokeHolders(role.organizationId, holders));
    });
  }

  /**
   * 409 when, without this role's users:admin, no active member of the organisation would hold
   * it. Serialised per organisation with every other path that can remove an administrator.
   */
  private async keepAnAdministrator(tx: Tx, role: RoleEntity, change: string): Promise<void> {
    await tx.lock(`last-admin:${role.organizationId}`);
    const [{ count }] = await tx.manager.query(
      `SELECT count(DISTINCT u.id)::int AS count
         FROM membership m JOIN app_user u ON u.id = m.user_id
         JOIN membership_role mr ON mr.membership_id = m.id JOIN role r ON r.id = mr.role_id
        WHERE m.organization_id = $1 AND u.status = 'active' AND r.id <> $2
          AND 'users:admin' = ANY (r.permissions)`,
      [role.organizationId, role.id],
    );
    if (count === 0) {
      throw new ConflictException(
        `Role ${role.name} is what gives this organisation its last active users:admin, so it cannot be changed that way (it ${change}): give the permission to another active member first`,
      );
    }
  }

  /** The accounts holding the role. */
  private async holders(tx: Tx, roleId: string): Promise<string[]> {
    const rows: { user_id: string }[] = await tx.manager.query(
      `SELECT DISTINCT m.user_id FROM membership_role mr JOIN membership m ON m.id = mr.membership_id
        WHERE mr.role_id = $1`,
      [roleId],
    );
    return rows.map((r) => r.user_id);
  }

  /** Cached principals of the holders (and the organisation's API keys) see the change at once. */
  private async revokeHolders(organizationId: string, holders: readonly string[]): Promise<void> {
    await this.revocation.organization(organizationId);
    for (const userId of holders) await this.revocation.user(userId);
  }
}
