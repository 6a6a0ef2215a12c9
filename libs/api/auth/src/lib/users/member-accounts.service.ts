import { Actor, UnitOfWork } from '@hyperion/api/core';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';

import { MembershipEntity } from '../entities/membership.entity';
import { UserEntity } from '../entities/user.entity';
import { LockoutService } from '../lockout/lockout.service';
import { PasswordHasher } from '../passwords/password-hasher.service';
import { PasswordStrength } from '../passwords/password-strength.service';
import { AccessRevocation } from '../principals/access-revocation.service';
import { assertCanManage } from '../roles/permissions';
import { SessionsService } from '../tokens/sessions.service';
import { TwoFactorRepository } from '../two-factor/two-factor.repository';
import { AccountScope } from './account-scope';
import { MembershipsRepository } from './memberships.repository';
import { userTarget } from './user-actor';
import { accountPermissions } from './user-mapper';
import { UsersRepository } from './users.repository';

/**
 * What an administrator (users:admin) does for a member who cannot sign in: unlock the account,
 * reset its 2FA (a lost phone without recovery codes), set a temporary password. Only for members
 * of the active organisation (404 otherwise) whose permissions the administrator holds too; a
 * reset ends every session of the member.
 */
@Injectable()
export class MemberAccountsService {
  constructor(
    private readonly users: UsersRepository,
    private readonly memberships: MembershipsRepository,
    private readonly twoFactor: TwoFactorRepository,
    private readonly lockout: LockoutService,
    private readonly hasher: PasswordHasher,
    private readonly strength: PasswordStrength,
    private readonly sessions: SessionsService,
    private readonly revocation: AccessRevocation,
    private readonly scope: AccountScope,
    private readonly uow: UnitOfWork,
  ) {}

  /** Ends the member's lock and forgets its failed attempts (audited user_unlocked). */
  async unlock(id: string): Promise<void> {
    await this.uow.run(async (tx) => {
      const { user } = await this.member(id);
      const ended = await this.lockout.unlock(id);
      await tx.audit({
        action: 'user_unlocked',
        target: userTarget(id),
        result: 'success',
        details: { username: user.username, wasLockedUntil: ended?.toISOString() ?? null },
      });
    });
  }

  /** Turns the member's 2FA off and deletes its recovery codes (audited 2fa_reset). */
  async resetTwoFactor(actor: Actor, id: string): Promise<void> {
    await this.assertMayReset(actor, id, 'two-factor authentication');
    await this.uow.run(async (tx) => {
      const { user } = await this.member(id);
      await this.users.update(id, {
        totpSecretEnc: null,
        totpPendingEnc: null,
        totpEnabled: false,
      });
      await this.twoFactor.replace(id, []);
      await tx.audit({
        action: '2fa_reset',
        target: userTarget(id),
        result: 'success',
        details: { username: user.username, wasEnabled: user.totpEnabled },
      });
      tx.afterCommit(() => this.revocation.user(id));
    });
    await this.sessions.revokeOthers(id);
  }

  /**
   * Sets a temporary password (it must meet the policy) that the member must change at next
   * sign-in; the account is unlocked too (audited password_reset).
   */
  async resetPassword(actor: Actor, id: string, password: string): Promise<void> {
    const user = await this.assertMayReset(actor, id, 'password');
    await this.strength.assertStrong('password', password, user);
    const passwordHash = await this.hasher.hash(password);
    await this.uow.run(async (tx) => {
      await this.member(id);
      await this.users.update(id, { passwordHash, mustChangePassword: true });
      const unlocked = await this.lockout.unlock(id);
      await tx.audit({
        action: 'password_reset',
        target: userTarget(id),
        result: 'success',
        details: { username: user.username, unlocked: unlocked !== null },
      });
      tx.afterCommit(() => this.revocation.user(id));
    });
    await this.sessions.revokeOthers(id);
  }

  /**
   * The member, when the caller may reset it: not the caller (who uses their own profile), and
   * holding no permission the caller lacks, and belonging to no other organisation (unless a
   * platform administrator acts).
   */
  private async assertMayReset(actor: Actor, id: string, what: string): Promise<UserEntity> {
    const { user, membership } = await this.uow.run(() => this.member(id));
    if (actor.type === 'user' && actor.id === id) {
      throw new BadRequestException(`id: change your own ${what} from your profile`);
    }
    assertCanManage(actor.permissions, accountPermissions(user, membership), 'id');
    await this.scope.assertAccountIsOurs(actor, id, 'id');
    return user;
  }

  private async member(id: string): Promise<{ user: UserEntity; membership: MembershipEntity }> {
    const membership = await this.memberships.findByUser(id);
    if (!membership?.user) throw new NotFoundException('User not found');
    return { user: membership.user, membership };
  }
}
