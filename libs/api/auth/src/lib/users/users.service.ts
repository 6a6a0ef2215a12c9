import { AuditService } from '@hyperion/api/audit';
import { Actor, RequestMeta } from '@hyperion/api/core';
import type { UserSummary } from '@hyperion/contracts';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';

import { hashSecret } from '../passwords/passwords';
import { RolesService } from '../roles/roles.service';
import { SessionsService } from '../tokens/sessions.service';
import { CreateUserDto, UpdateUserDto } from './dto/user.dto';
import { userTarget } from './user-actor';
import { roleNames, toUserSummary } from './user-mapper';
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
}
