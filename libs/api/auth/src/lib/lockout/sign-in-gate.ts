import { Injectable } from '@nestjs/common';

import { HashingLimiter } from '../passwords/hashing-limiter';

/**
 * Sign-in transactions running at once (of the database pool's 10 connections). However many
 * sign-ins are admitted (HASH_CONCURRENCY + HASH_QUEUE, which grows with the CPU count) and
 * whatever they wait on (the audit chain's lock), the rest of the pool stays free for everything
 * else: `/health`, signed-in users, jobs.
 */
export const SIGN_IN_TRANSACTIONS = 4;

/** Runs the database steps of sign-in (lookups, lockout counters, their audit rows) a few at a time. */
@Injectable()
export class SignInGate {
  // Every caller is an admitted sign-in (bounded already): the wait itself needs no bound.
  private readonly limiter = new HashingLimiter(SIGN_IN_TRANSACTIONS, 1_000_000);

  run<T>(step: () => Promise<T>): Promise<T> {
    return this.limiter.run(step);
  }
}
