import { AuditDomain, AuditModule } from '@hyperion/api/audit';
import { RequestContext } from '@hyperion/api/core';
import { MediumTest, startMediumTest } from '@hyperion/api/testing';
import { HttpStatus } from '@nestjs/common';

import { AuthDomain } from '../auth.domain';
import { AuthModule } from '../auth.module';
import { RetryLaterException } from '../throttling/retry-later';
import { LockoutService } from './lockout.service';

/**
 * LockoutService on real PostgreSQL: reservations of one subject, made at the same moment,
 * never let more than the threshold through (the counter row is locked for each decision).
 */
describe('LockoutService (medium: real PostgreSQL)', () => {
  let t: MediumTest;
  let lockout: LockoutService;

  beforeAll(async () => {
    t = await startMediumTest({
      domains: [AuthDomain, AuditDomain],
      imports: [AuditModule, AuthModule],
      env: { LOCKOUT_THRESHOLD: '5', LOCKOUT_BASE_SECONDS: '30' },
    });
    lockout = t.get(LockoutService);
  });

  afterAll(() => t?.close());

  const outcome = (p: Promise<void>) =>
    p.then(
      () => 'allowed',
      (e: unknown) =>
        e instanceof RetryLaterException && e.getStatus() === HttpStatus.LOCKED
          ? `423 after ${e.retryAfterSeconds} s`
          : `unexpected ${String(e)}`,
    );

  it('lets exactly the threshold through of 60 simultaneous guesses, and the failures lock', async () => {
    const subject = LockoutService.loginSubject(`someone-${Date.now()}@example.test`);
    const outcomes = await RequestContext.run({}, () =>
      Promise.all(Array.from({ length: 60 }, () => outcome(lockout.reserve(subject, 'password')))),
    );
    expect(outcomes.filter((o) => o === 'allowed')).toHaveLength(5);
    expect(outcomes.filter((o) => o === '423 after 30 s')).toHaveLength(55);

    await RequestContext.run({}, () =>
      Promise.all(Array.from({ length: 5 }, () => lockout.fail(subject, 'password', 'invalid'))),
    );
    const [row] = await t.ownerQuery<{ attempts: number; level: number; seconds: number }>(
      `SELECT attempts, level,
              round(extract(epoch FROM locked_until - last_attempt_at))::int AS seconds
         FROM login_attempt WHERE key = $1`,
      [subject.key],
    );
    expect(row).toMatchObject({ attempts: 5, level: 1 });
    expect(row.seconds).toBeGreaterThanOrEqual(29);
    expect(row.seconds).toBeLessThanOrEqual(31);
    const locked = await t.ownerQuery<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'account_locked' AND actor_name = $1`,
      [subject.name],
    );
    expect(locked[0].n).toBe(1);

    // A success (an administrator's unlock does the same) clears it all.
    await RequestContext.run({}, () => lockout.succeed(subject));
    expect(await RequestContext.run({}, () => outcome(lockout.reserve(subject, 'password')))).toBe(
      'allowed',
    );
  });
});
