import { Actor, Tx, UnitOfWork } from '@hyperion/api/core';
import type { AddMemberRequest, UserPage, UserSummary } from '@hyperion/contracts';
import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';

import { MembershipEntity } from '../entities/membership.entity';
import { RoleEntity } from '../entities/role.entity';
import { LockoutService } from '../lockout/lockout.service';
import { PasswordHasher } from '../passwords/password-hasher.service';
import { PasswordStrength } from '../passwords/password-strength.service';
import { AccessRevocation } from '../principals/access-revocation.service';
import { assertCanGrant, assertCanManage, unionPermissions } from '../roles/permissions';
import { RolesService } from '../roles/roles.service';
import { SessionsService } from '../tokens/sessions.service';
import { AccountScope } from './account-scope';
import { CreateUserDto, UpdateUserDto, UserListQueryDto } from './dto/user.dto';
import { MembershipsRepository } from './memberships.repository';
import { userTarget } from './user-actor';
import { accountPermissions, membershipPermissions, roleNames, toUserSummary } from './user-mapper';
import { UserChanges, UsersRepository } from './users.repository';

const DEFAULT_PAGE = 50;

/** The members of the active organisation (users:admin there). */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly memberships: MembershipsRepository,
    private readonly roles: RolesService,
    private readonly sessions: SessionsService,
    private readonly revocation: AccessRevocation,
    private readonly lockout: LockoutService,
    private readonly hasher: PasswordHasher,
    private readonly strength: PasswordStrength,
    private readonly scope: AccountScope,
    private readonly uow: UnitOfWork,
  ) {}

  /** One page of members, with whether each is locked out now. */
  async list(query: UserListQueryDto = {}): Promise<UserPage> {
    return this.uow.run(async () => {
      const [members, total] = await this.memberships.page({
        q: query.q,
        offset: query.offset ?? 0,
        limit: query.limit ?? DEFAULT_PAGE,
      });
      const locked = await this.lockout.lockedUntil(members.map((m) => m.userId));
      const items = members.flatMap((m) =>
        m.user ? [toUserSummary(m.user, m, locked.get(m.userId) ?? null)] : [],
      );
      return { items, total };
    });
  }

  /**
   * A new account, member of this organisation with `roles`. The password (set by an
   * administrator) must meet the policy and be changed at first sign-in.
   */
  async create(actor: Actor, dto: CreateUserDto): Promise<UserSummary> {
    await this.strength.assertStrong('password', dto.password, dto);
    const passwordHash = await this.hasher.hash(dto.password);
    return this.uow.run(async (tx) => {
      const roles = await this.roles.resolve(dto.roles);
      assertGrantable(actor, roles);
      const user = await this.users.create({
        username: dto.username,
        email: dto.email.toLowerCase(),
        displayName: dto.displayName,
        passwordHash,
        mustChangePassword: true,
      });
      const membership = await this.memberships.add(
        user.id,
        roles.map((r) => r.id),
      );
      await tx.audit({
        action: 'user_created',
        target: userTarget(user.id),
        result: 'success',
        details: { username: user.username, roles: roleNames(membership) },
      });
      return toUserSummary(user, membership);
    });
  }

  /** Adds an existing account (by username or email) to this organisation. */
  async addMember(actor: Actor, dto: AddMemberRequest): Promise<UserSummary> {
    return this.uow.run(async (tx) => {
      const roles = await this.roles.resolve(dto.roles);
      assertGrantable(actor, roles);
      const user = await this.users.findByLogin(dto.login);
      if (!user) throw new NotFoundException('login: no account has this username or email');
      const membership = await this.memberships.add(
        user.id,
        roles.map((r) => r.id),
      );
      await tx.audit({
        action: 'membership_added',
        target: userTarget(user.id),
        result: 'success',
        details: { username: user.username, roles: roleNames(membership) },
      });
      tx.afterCommit(() => this.revocation.user(user.id));
      const locked = await this.lockout.lockedUntil([user.id]);
      return toUserSummary(user, membership, locked.get(user.id) ?? null);
    });
  }

  /** Removes a member from this organisation (never the last active users:admin). */
  async removeMember(actor: Actor, id: string): Promise<void> {
    await this.uow.run(async (tx) => {
      const membership = await this.member(id);
      await this.keepAnAdministrator(tx, membership, true, undefined);
      await this.memberships.remove(membership.id);
      await tx.audit({
        action: 'membership_removed',
        target: userTarget(id),
        result: 'success',
        details: { username: membership.user?.username, by: actor.name },
      });
      tx.afterCommit(() => this.revocation.user(id));
    });
  }

  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserSummary> {
    const result = await this.uow.run(async (tx) => {
      const before = await this.member(id);
      const user = before.user;
      if (!user) throw new NotFoundException('User not found');
      const disabling = dto.status === 'disabled' && user.status !== 'disabled';
      if (disabling && actor.type === 'user' && actor.id === id) {
        throw new BadRequestException('status: you cannot disable your own account');
      }
      if (dto.status !== undefined && dto.status !== user.status) {
        await this.scope.assertAccountIsOurs(actor, id, 'status');
      }
      const email = dto.email?.toLowerCase();
      if (email !== undefined && email !== user.email) {
        assertCanManage(actor.permissions, accountPermissions(user, before), 'email');
        await this.scope.assertAccountIsOurs(actor, id, 'email');
      }
      if (disabling && user.platformAdmin) await this.keepAPlatformAdministrator(tx, id);
      const roles = dto.roles === undefined ? undefined : await this.roles.resolve(dto.roles);
      if (roles) assertGrantable(actor, roles);
      await this.keepAnAdministrator(
        tx,
        before,
        disabling,
        roles?.map((r) => r.permissions),
      );

      const changes: UserChanges = {};
      if (dto.displayName !== undefined) changes.displayName = dto.displayName;
      if (email !== undefined && email !== user.email) changes.email = email;
      if (dto.status !== undefined) changes.status = dto.status;
      if (Object.keys(changes).length > 0) await this.users.update(id, changes);
      if (roles)
        await this.memberships.setRoles(
          before.id,
          roles.map((r) => r.id),
        );

      const after = (await this.memberships.findByUser(id)) ?? before;
      const account = (await this.users.findById(id)) ?? user;
      await tx.audit({
        action: 'user_updated',
        target: userTarget(id),
        result: 'success',
        details: { fields: Object.keys(dto), roles: roleNames(after), status: account.status },
      });
      if (disabling) {
        await tx.audit({
          action: 'user_disabled',
          target: userTarget(id),
          result: 'success',
          details: { username: account.username },
        });
      }
      tx.afterCommit(() => this.revocation.user(id));
      const locked = await this.lockout.lockedUntil([id]);
      return { summary: toUserSummary(account, after, locked.get(id) ?? null), disabling };
    });
    if (result.disabling) await this.sessions.revokeOthers(id);
    return result.summary;
  }

  private async member(userId: string): Promise<MembershipEntity> {
    const membership = await this.memberships.findByUser(userId);
    if (!membership) throw new NotFoundException('User not found');
    return membership;
  }

  /** Refuses (409) disabling the last active platform administrator (serialised instance-wide). */
  private async keepAPlatformAdministrator(tx: Tx, userId: string): Promise<void> {
    await tx.lock('last-platform-admin');
    const [{ count }] = await tx.manager.query(
      `SELECT count(*)::int AS count FROM app_user
        WHERE platform_admin AND status = 'active' AND id <> $1`,
      [userId],
    );
    if (count === 0) {
      throw new ConflictException(
        'This is the last active platform administrator: make another account one first',
      );
    }
  }

  /**
   * Refuses (409) a change that would leave this organisation with no active account able to
   * administer users. Serialised per organisation, so two concurrent changes cannot both pass.
   */
  private async keepAnAdministrator(
    tx: Tx,
    membership: MembershipEntity,
    losing: boolean,
    newRolePermissions: string[][] | undefined,
  ): Promise<void> {
    const user = membership.user;
    const isAdmin =
      user?.status === 'active' && membershipPermissions(membership).includes('users:admin');
    if (!user || !isAdmin) return;
    const losesAdmin =
      losing ||
      (newRolePermissions !== undefined &&
        !unionPermissions(newRolePermissions).includes('users:admin'));
    if (!losesAdmin) return;
    await tx.lock(`last-admin:${membership.organizationId}`);
    if ((await this.memberships.countActiveWithPermission('users:admin', user.id)) === 0) {
      throw new ConflictException(
        `${user.username} is the last active account with users:admin: give the permission to another active account first`,
      );
    }
  }
}

/** 403 when the roles carry a permission the caller does not hold itself. */
function assertGrantable(actor: Actor, roles: readonly RoleEntity[]): void {
  assertCanGrant(
    actor.permissions,
    roles.flatMap((r) => r.permissions),
    'roles',
  );
}
