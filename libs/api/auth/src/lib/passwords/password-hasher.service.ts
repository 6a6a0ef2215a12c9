import { AppConfig } from '@hyperion/api/core';
import { Injectable, Logger } from '@nestjs/common';

import { HashingBusyException } from '../throttling/retry-later';
import { HashingBusyError, HashingLimiter, HashingTicket } from './hashing-limiter';
import { hashSecret, verifySecret } from './passwords';

/** An admitted request's access to argon2 (see PasswordHasher.admit). */
export interface HashingPass {
  hash(plain: string): Promise<string>;
  verify(hash: string, plain: string): Promise<boolean>;
  /** Gives the place back; call it in `finally` (idempotent). */
  release(): void;
}

/**
 * Every argon2 hash and verification of the API goes through here: at most HASH_CONCURRENCY run at
 * once and HASH_QUEUE wait; beyond that the request is refused at once with 503 and Retry-After
 * (a login flood then costs neither CPU nor database connections). Never call it while holding a
 * unit of work: a hash takes tens of milliseconds and the connection would wait idle.
 */
@Injectable()
export class PasswordHasher {
  private readonly logger = new Logger('PasswordHasher');
  private readonly limiter: HashingLimiter;
  /** Refusals since the last warning (one line per 10 s at most, not one per refusal). */
  private refused = 0;
  private warnedAt = 0;

  constructor(config: AppConfig) {
    this.limiter = new HashingLimiter(config.hashConcurrency, config.hashQueue);
  }

  /** A place for a request that will hash or verify (503 HashingBusyException when full). */
  admit(): HashingPass {
    let ticket: HashingTicket;
    try {
      ticket = this.limiter.admit();
    } catch (error) {
      if (error instanceof HashingBusyError) {
        this.noteRefusal();
        throw new HashingBusyException();
      }
      throw error;
    }
    return {
      hash: (plain) => ticket.run(() => hashSecret(plain)),
      verify: (hash, plain) => ticket.run(() => verifySecret(hash, plain)),
      release: () => ticket.release(),
    };
  }

  /** Every running slot and queue place is taken: a new request would be refused now. */
  get saturated(): boolean {
    return this.limiter.inFlight >= this.limiter.concurrency + this.limiter.queue;
  }

  /** Counts a refusal made before reaching admit() (SignInShedder), for the capacity warning. */
  noteRefusal(): void {
    this.refused++;
    const now = Date.now();
    if (now - this.warnedAt < 10_000) return;
    this.logger.warn(
      `Password checks at capacity (${this.limiter.concurrency} running, ${this.limiter.queue} queued): ` +
        `${this.refused} refused with 503 since the last warning`,
    );
    this.warnedAt = now;
    this.refused = 0;
  }

  /** One hash with a place of its own. */
  async hash(plain: string): Promise<string> {
    const pass = this.admit();
    try {
      return await pass.hash(plain);
    } finally {
      pass.release();
    }
  }

  /** Runs `fn` with an admitted pass, released afterwards. */
  async with<T>(fn: (pass: HashingPass) => Promise<T>): Promise<T> {
    const pass = this.admit();
    try {
      return await fn(pass);
    } finally {
      pass.release();
    }
  }
}
