import { AuditService } from '@hyperion/api/audit';
import { Actor, RequestMeta } from '@hyperion/api/core';
import type { CurrentUser } from '@hyperion/contracts';
import {
  BadRequestException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';

import { UserEntity } from '../entities/user.entity';
import { LockoutService } from '../lockout/lockout.service';
import { hashSecret, verifySecret } from '../passwords/passwords';
import { SessionsService } from '../tokens/sessions.service';
import { userTarget } from '../users/user-actor';
import { toCurrentUser } from '../users/user-mapper';
import { UsersRepository } from '../users/users.repository';
import { ChangePasswordDto } from './dto/account.dto';

/** What a signed-in user does to their own account. */
@Injectable()
export class AccountService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly lockout: LockoutService,
    private readonly audit: AuditService,
  ) {}

  async me(actor: Actor): Promise<CurrentUser> {
    return toCurrentUser(await this.currentUser(actor));
  }

  /** Sets a new password and ends every other session (the caller's own stays signed in). */
  async changePassword(
    actor: Actor,
    dto: ChangePasswordDto,
    sessionFamilyId: string | null,
    meta: RequestMeta,
  ): Promise<void> {
    const user = await this.currentUser(actor);
    await this.lockout.assertNotLocked(user, 'password_change', meta);
    if (!(await verifySecret(user.passwordHash, dto.currentPassword))) {
      await this.lockout.recordFailure(user, 'password_change', meta);
      await this.audit.record({
        actor,
        action: 'password_changed',
        target: userTarget(user.id),
        result: 'failure',
        details: { reason: 'wrong current password' },
        meta,
      });
      throw new BadRequestException('currentPassword is not correct');
    }
    if (dto.newPassword === dto.currentPassword) {
      throw new BadRequestException('newPassword must differ from currentPassword');
    }
    await this.users.update(user.id, {
      passwordHash: await hashSecret(dto.newPassword),
      mustChangePassword: false,
    });
    await this.sessions.revokeOthers(user.id, sessionFamilyId);
    await this.audit.record({
      actor,
      action: 'password_changed',
      target: userTarget(user.id),
      result: 'success',
      meta,
    });
  }

  private async currentUser(actor: Actor): Promise<UserEntity> {
    if (actor.type !== 'user') throw new ForbiddenException('Only users have an account');
    const user = await this.users.findById(actor.id);
    if (!user) throw new NotFoundException('User not found');
    return user;
  }
}
