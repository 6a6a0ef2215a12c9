import { AuditService } from '@hyperion/api/audit';
import { Actor, RequestMeta } from '@hyperion/api/core';
import type { UserSummary } from '@hyperion/contracts';
import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';

import { hashSecret } from '../passwords/passwords';
import { unionPermissions } from '../roles/permissions';
import { RolesService } from '../roles/roles.service';
import { SessionsService } from '../tokens/sessions.service';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto';
import { userTarget } from './user-actor';
import { roleNames, toUserSummary, userPermissions } from './user-mapper';
import { UserChanges, UsersRepository } from './users.repository';

/** User administration (users:admin). */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly roles: RolesService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<UserSummary[]> {
    return (await this.users.list()).map(toUserSummary);
  }

  async create(actor: Actor, dto: CreateUserDto, meta: RequestMeta): Promise<UserSummary> {
    const roles = await this.roles.resolve(dto.roles);
    const user = await this.users.create(
      {
        username: dto.username,
        email: dto.email.toLowerCase(),
        displayName: dto.displayName,
        passwordHash: await hashSecret(dto.password),
        mustChangePassword: false,
      },
      roles.map((r) => r.id),
    );
    await this.audit.record({
      actor,
      action: 'user_created',
      target: userTarget(user.id),
      result: 'success',
      details: { username: user.username, roles: roleNames(user) },
      meta,
    });
    return toUserSummary(user);
  }

  async update(
    actor: Actor,
    id: string,
    dto: UpdateUserDto,
    meta: RequestMeta,
  ): Promise<UserSummary> {
    const before = await this.users.findById(id);
    if (!before) throw new NotFoundException('User not found');
    const disabling = dto.status === 'disabled' && before.status !== 'disabled';
    if (disabling && actor.type === 'user' && actor.id === id) {
      throw new BadRequestException('status: you cannot disable your own account');
    }
    const roles = dto.roles === undefined ? undefined : await this.roles.resolve(dto.roles);
    await this.keepAnAdministrator(
      before,
      disabling,
      roles?.map((r) => r.permissions),
    );

    const changes: UserChanges = {};
    if (dto.displayName !== undefined) changes.displayName = dto.displayName;
    if (dto.status !== undefined) changes.status = dto.status;
    if (Object.keys(changes).length > 0) await this.users.update(id, changes);
    if (roles)
      await this.users.setRoles(
        id,
        roles.map((r) => r.id),
      );
    if (disabling) await this.sessions.revokeOthers(id);

    const after = (await this.users.findById(id)) ?? before;
    await this.audit.record({
      actor,
      action: 'user_updated',
      target: userTarget(id),
      result: 'success',
      details: { fields: Object.keys(dto), roles: roleNames(after), status: after.status },
      meta,
    });
    if (disabling) {
      await this.audit.record({
        actor,
        action: 'user_disabled',
        target: userTarget(id),
        result: 'success',
        details: { username: after.username },
        meta,
      });
    }
    return toUserSummary(after);
  }

  /**
   * Refuses (409) a change that would leave no active account able to administer users:
   * disabling the last one, or taking its last `users:admin` role away.
   */
  private async keepAnAdministrator(
    user: NonNullable<Awaited<ReturnType<UsersRepository['findById']>>>,
    disabling: boolean,
    newRolePermissions: string[][] | undefined,
  ): Promise<void> {
    const isAdmin = user.status === 'active' && userPermissions(user).includes('users:admin');
    if (!isAdmin) return;
    const losesAdmin =
      disabling ||
      (newRolePermissions !== undefined &&
        !unionPermissions(newRolePermissions).includes('users:admin'));
    if (losesAdmin && (await this.users.countActiveWithPermission('users:admin', user.id)) === 0) {
      throw new ConflictException(
        `${user.username} is the last active account with users:admin: give the permission to another active account first`,
      );
    }
  }
}
