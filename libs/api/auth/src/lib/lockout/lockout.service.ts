import { AuditService } from '@hyperion/api/audit';
import { AppConfig } from '@hyperion/api/core';
import { HttpException, HttpStatus, Injectable } from '@nestjs/common';

import { UserEntity } from '../entities/user.entity';
import { userTarget } from '../users/user-actor';
import { isLocked, justLocked, LockoutPolicy, lockoutWindowStart } from './lockout';

export const LOCKED_MESSAGE = 'Account locked after too many failed attempts; try again later';

export type LoginStage = 'password' | '2fa' | 'password_change';

/** Per-account lockout, counted from the audit log's `failed_login` rows (see lockout.ts). */
@Injectable()
export class LockoutService {
  constructor(
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  private get policy(): LockoutPolicy {
    return {
      threshold: this.config.lockoutThreshold,
      windowMinutes: this.config.lockoutWindowMinutes,
    };
  }

  /** 423 (and a `failed_login` row) when the account is locked. */
  async assertNotLocked(user: UserEntity, stage: LoginStage): Promise<void> {
    if (!isLocked(await this.failures(user), this.policy)) return;
    await this.recordFailedLogin(user, stage, 'locked');
    throw new HttpException(LOCKED_MESSAGE, HttpStatus.LOCKED);
  }

  /** Records a wrong password or code; the failure that reaches the threshold locks. */
  async recordFailure(user: UserEntity, stage: LoginStage): Promise<void> {
    await this.recordFailedLogin(user, stage, 'invalid');
    const failures = await this.failures(user);
    if (justLocked(failures, this.policy)) {
      await this.audit.record({
        actor: null,
        actorName: user.username,
        action: 'account_locked',
        target: userTarget(user.id),
        result: 'failure',
        details: { failures, windowMinutes: this.policy.windowMinutes },
      });
    }
  }

  private async failures(user: UserEntity): Promise<number> {
    const target = userTarget(user.id);
    const lastSuccess = await this.audit.lastAt({ action: 'login', target, result: 'success' });
    const since = lockoutWindowStart(new Date(), this.policy.windowMinutes, lastSuccess);
    return this.audit.count({ action: 'failed_login', target, result: 'failure', since });
  }

  private recordFailedLogin(user: UserEntity, stage: LoginStage, reason: string): Promise<void> {
    return this.audit.record({
      actor: null,
      actorName: user.username,
      action: 'failed_login',
      target: userTarget(user.id),
      result: 'failure',
      details: { stage, reason },
    });
  }
}
