import { AuditService } from '@hyperion/api/audit';
import { Actor, RequestContext, UnitOfWork } from '@hyperion/api/core';
import type { CurrentUser, MyOrganization, TokenPair } from '@hyperion/contracts';
import {
  BadRequestException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';

import { UserEntity } from '../entities/user.entity';
import { LockoutService } from '../lockout/lockout.service';
import { PasswordHasher } from '../passwords/password-hasher.service';
import { PasswordStrength } from '../passwords/password-strength.service';
import { PrincipalCache } from '../principals/principal-cache';
import { SessionsService } from '../tokens/sessions.service';
import { TwoFactorCodes } from '../two-factor/two-factor-codes.service';
import { MembershipsRepository } from '../users/memberships.repository';
import { userTarget } from '../users/user-actor';
import { toCurrentUser } from '../users/user-mapper';
import { UsersRepository } from '../users/users.repository';
import { ChangePasswordDto } from './dto/account.dto';

/** What a signed-in user does to their own account. */
@Injectable()
export class AccountService {
  constructor(
    private readonly users: UsersRepository,
    private readonly memberships: MembershipsRepository,
    private readonly sessions: SessionsService,
    private readonly lockout: LockoutService,
    private readonly hasher: PasswordHasher,
    private readonly strength: PasswordStrength,
    private readonly codes: TwoFactorCodes,
    private readonly audit: AuditService,
    private readonly uow: UnitOfWork,
    private readonly cache: PrincipalCache,
  ) {}

  /** The caller, their roles in the active organisation and their organisations (cached with the principal). */
  async me(actor: Actor): Promise<CurrentUser> {
    const user = this.requireUser(actor);
    const view = await this.cache.getOrLoad(
      `me:${actor.sessionId ?? actor.id}`,
      [
        { user: user.id },
        ...(actor.sessionId ? [{ session: actor.sessionId }] : []),
        ...(actor.organizationId ? [{ organization: actor.organizationId }] : []),
      ],
      () =>
        this.uow.run(async () => {
          const account = await this.users.findById(user.id);
          if (!account) return null;
          const all = await this.memberships.ofUser(user.id);
          const active = all.find((m) => m.organizationId === actor.organizationId) ?? null;
          const recoveryCodes = account.totpEnabled ? await this.codes.remaining(user.id) : 0;
          return toCurrentUser(account, active, all, recoveryCodes);
        }),
    );
    if (!view) throw new NotFoundException('User not found');
    return view;
  }

  async organizations(actor: Actor): Promise<MyOrganization[]> {
    return (await this.me(actor)).organizations;
  }

  /** A new session in another organisation the caller belongs to; the current one ends. */
  async switchOrganization(actor: Actor, organizationId: string): Promise<TokenPair> {
    const user = this.requireUser(actor);
    const account = await this.uow.run(
      async (tx) => {
        const membership = await this.memberships.findByUser(user.id);
        const org = membership
          ? await tx.manager.query(`SELECT disabled_at FROM organization WHERE id = $1`, [
              organizationId,
            ])
          : [];
        if (!membership || org.length === 0 || org[0].disabled_at) return null;
        await tx.audit({
          action: 'organization_switched',
          target: `organization:${organizationId}`,
          result: 'success',
          details: { from: actor.organizationId },
        });
        return this.users.findById(user.id);
      },
      { organizationId, userId: user.id },
    );
    if (!account) {
      throw new NotFoundException('organizationId: you are not a member of this organisation');
    }
    const pair = await RequestContext.fork({ organizationId }, () =>
      this.sessions.start(account, organizationId, { method: 'switch-organization' }),
    );
    if (actor.sessionId) await this.sessions.end(actor.sessionId, user.id);
    return pair;
  }

  /**
   * Sets a new password (it must meet the password policy) and ends every other session (the
   * caller's own stays signed in). Wrong current passwords count towards the lockout.
   */
  async changePassword(
    actor: Actor,
    dto: ChangePasswordDto,
    sessionFamilyId: string | null,
  ): Promise<void> {
    const user = await this.currentUser(actor);
    if (dto.newPassword === dto.currentPassword) {
      throw new BadRequestException('newPassword must differ from currentPassword');
    }
    await this.strength.assertStrong('newPassword', dto.newPassword, user);
    const subject = LockoutService.accountSubject(user, actor.organizationId);
    const passwordHash = await this.hasher.with(async (pass) => {
      await this.lockout.reserve(subject, 'password_change');
      if (!(await pass.verify(user.passwordHash, dto.currentPassword))) {
        await this.lockout.fail(subject, 'password_change', 'wrong current password');
        await this.audit.record({
          action: 'password_changed',
          target: userTarget(user.id),
          result: 'failure',
          details: { reason: 'wrong current password' },
        });
        throw new BadRequestException('currentPassword is not correct');
      }
      await this.lockout.succeed(subject);
      return pass.hash(dto.newPassword);
    });
    await this.uow.run(async (tx) => {
      await this.users.update(user.id, { passwordHash, mustChangePassword: false });
      await tx.audit({
        action: 'password_changed',
        target: userTarget(user.id),
        result: 'success',
      });
      tx.afterCommit(() => this.cache.invalidate({ user: user.id }));
    });
    await this.sessions.revokeOthers(user.id, sessionFamilyId);
  }

  private requireUser(actor: Actor): Actor {
    if (actor.type !== 'user') throw new ForbiddenException('Only users have an account');
    return actor;
  }

  private async currentUser(actor: Actor): Promise<UserEntity> {
    this.requireUser(actor);
    const user = await this.uow.run(() => this.users.findById(actor.id));
    if (!user) throw new NotFoundException('User not found');
    return user;
  }
}
