import { randomInt } from 'node:crypto';

import { AuditService } from '@hyperion/api/audit';
import { AppConfig, UnitOfWork } from '@hyperion/api/core';
import { HttpStatus, Injectable } from '@nestjs/common';

import { UserEntity } from '../entities/user.entity';
import { RetryLaterException } from '../throttling/retry-later';
import { userTarget } from '../users/user-actor';
import {
  accountKey,
  failAttempt,
  LockoutPolicy,
  loginKey,
  releaseAttempt,
  reserveAttempt,
} from './lockout';
import { LoginAttemptsRepository } from './login-attempts.repository';
import { SignInGate } from './sign-in-gate';

export const LOCKED_MESSAGE = 'Account locked after too many failed attempts; try again later';

/** Where a guess was made (recorded in `failed_login` rows). */
export type LoginStage =
  | 'password'
  | '2fa'
  | 'password_change'
  | '2fa_disable'
  | '2fa_reenrol'
  | 'recovery_codes';

/** What a counter counts: an account, or a login that names none. */
export interface LockoutSubject {
  key: string;
  userId: string | null;
  /** The username, or the login as typed (the audit rows' actor name). */
  name: string;
  /** The organisation its audit rows go to (null: instance-level). */
  organizationId: string | null;
}

/** One reservation in this many also drops idle counters (cheap, bounded, no scheduler). */
const PRUNE_ONE_IN = 64;

/**
 * Per-subject lockout (see lockout.ts), counted in PostgreSQL so it holds across instances and
 * survives a Redis restart. Use: `reserve` before checking anything, then exactly one of `fail`,
 * `succeed` or `release`. Each is a short transaction of its own: never call them while hashing.
 */
@Injectable()
export class LockoutService {
  constructor(
    private readonly attempts: LoginAttemptsRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly gate: SignInGate,
  ) {}

  get policy(): LockoutPolicy {
    return {
      threshold: this.config.lockoutThreshold,
      windowSeconds: this.config.lockoutWindowMinutes * 60,
      baseSeconds: this.config.lockoutBaseSeconds,
      maxSeconds: this.config.lockoutMaxSeconds,
    };
  }

  static accountSubject(user: UserEntity, organizationId: string | null): LockoutSubject {
    return { key: accountKey(user.id), userId: user.id, name: user.username, organizationId };
  }

  static loginSubject(login: string): LockoutSubject {
    return { key: loginKey(login), userId: null, name: login, organizationId: null };
  }

  /**
   * Takes a place for one guess. 423 with Retry-After (and a `failed_login` row) when the subject
   * is locked or every place of its round is taken by guesses being checked.
   */
  async reserve(subject: LockoutSubject, stage: LoginStage): Promise<void> {
    return this.gate.run(() => this.reserveNow(subject, stage));
  }

  private async reserveNow(subject: LockoutSubject, stage: LoginStage): Promise<void> {
    const verdict = await this.uow.run(
      async () => {
        const { state, now } = await this.attempts.lock(subject.key, subject.userId);
        const reservation = reserveAttempt(state, now, this.policy);
        if (reservation.allowed) await this.attempts.save(subject.key, reservation.next);
        if (randomInt(PRUNE_ONE_IN) === 0) {
          await this.attempts.prune(this.policy.windowSeconds + this.policy.maxSeconds);
        }
        return reservation;
      },
      { organizationId: null, independent: true },
    );
    if (verdict.allowed) return;
    await this.audit.record({
      actorName: subject.name,
      action: 'failed_login',
      target: subject.userId ? userTarget(subject.userId) : null,
      result: 'failure',
      details: { stage, reason: 'locked' },
      organizationId: subject.organizationId,
    });
    throw new RetryLaterException(LOCKED_MESSAGE, HttpStatus.LOCKED, verdict.retryAfterSeconds);
  }

  /** A wrong password or code: recorded (`failed_login`), and the round's last place locks (`account_locked`). */
  async fail(subject: LockoutSubject, stage: LoginStage, reason: string): Promise<void> {
    const target = subject.userId ? userTarget(subject.userId) : null;
    await this.gate.run(() =>
      this.uow.run(
        async (tx) => {
          const locked = await this.attempts.lockExisting(subject.key);
          const failed = locked ? failAttempt(locked.state, locked.now, this.policy) : null;
          if (failed) await this.attempts.save(subject.key, failed.next);
          await tx.audit({
            actorName: subject.name,
            action: 'failed_login',
            target,
            result: 'failure',
            details: { stage, reason },
          });
          if (failed?.locked && locked) {
            await tx.audit({
              actorName: subject.name,
              action: 'account_locked',
              target,
              result: 'failure',
              details: {
                stage,
                failures: failed.next.attempts,
                lockedUntil: failed.next.lockedUntil?.toISOString(),
                seconds: Math.round(
                  ((failed.next.lockedUntil?.getTime() ?? 0) - locked.now.getTime()) / 1000,
                ),
                lockInARow: failed.next.level,
                ...(subject.userId ? {} : { login: 'names no account' }),
              },
            });
          }
        },
        {
          organizationId: subject.organizationId,
          platform: subject.organizationId === null,
          independent: true,
        },
      ),
    );
  }

  /** The guess was right: the counter and its back-off are cleared. */
  async succeed(subject: LockoutSubject): Promise<void> {
    await this.gate.run(() =>
      this.uow.run(() => this.attempts.clear(subject.key), {
        organizationId: null,
        independent: true,
      }),
    );
  }

  /** Neither a failure nor a sign-in (the password step of a 2FA account ...): the place is given back. */
  async release(subject: LockoutSubject): Promise<void> {
    await this.gate.run(() =>
      this.uow.run(
        async () => {
          const locked = await this.attempts.lockExisting(subject.key);
          if (locked) await this.attempts.save(subject.key, releaseAttempt(locked.state));
        },
        { organizationId: null, independent: true },
      ),
    );
  }

  /** Ends an account's lock and forgets its failures (inside the caller's unit of work). */
  unlock(userId: string): Promise<Date | null> {
    return this.attempts.clear(accountKey(userId));
  }

  /** Until when each of these accounts is locked (inside the caller's unit of work). */
  lockedUntil(userIds: readonly string[]): Promise<Map<string, Date>> {
    return this.attempts.lockedUntil(userIds);
  }
}
