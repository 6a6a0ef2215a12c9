/** Thrown by `admit()` when every running slot and every queue place is taken. */
export class HashingBusyError extends Error {
  constructor() {
    super('Every password-hashing slot and queue place is taken');
    this.name = 'HashingBusyError';
  }
}

/**
 * Bounds CPU-heavy work (argon2): at most `concurrency` jobs run at once and at most `queue`
 * more wait; beyond that `admit()` refuses at once, so a flood is answered immediately instead of
 * piling up (and holding sockets, memory and database connections) behind the CPU.
 *
 * A request takes a place with `admit()` before it does anything else (the database lookups it
 * makes in between count against the place, not against a running slot), then runs its hashes
 * through the ticket one at a time, and releases the place when done.
 */
export class HashingLimiter {
  private running = 0;
  private admitted = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly queue: number,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new Error(`concurrency must be a positive integer (got ${concurrency})`);
    }
    if (!Number.isInteger(queue) || queue < 0) {
      throw new Error(`queue must be a non-negative integer (got ${queue})`);
    }
  }

  /** Places taken (running or waiting, including admitted requests between two hashes). */
  get inFlight(): number {
    return this.admitted;
  }

  get active(): number {
    return this.running;
  }

  /** A place in line; throws HashingBusyError when running + waiting would exceed the bounds. */
  admit(): HashingTicket {
    if (this.admitted >= this.concurrency + this.queue) throw new HashingBusyError();
    this.admitted++;
    return new HashingTicket(this);
  }

  /** Runs one job with a place of its own (admit, run, release). */
  async run<T>(job: () => Promise<T>): Promise<T> {
    const ticket = this.admit();
    try {
      return await ticket.run(job);
    } finally {
      ticket.release();
    }
  }

  /** @internal */
  async acquireSlot(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++;
      return;
    }
    // The slot is handed over by releaseSlot (running stays the same).
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** @internal */
  releaseSlot(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  /** @internal */
  leave(): void {
    this.admitted--;
  }
}

/** One admitted request: runs its jobs one after the other, each in a running slot. */
export class HashingTicket {
  private released = false;

  constructor(private readonly limiter: HashingLimiter) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.released) throw new Error('This hashing ticket was already released');
    await this.limiter.acquireSlot();
    try {
      return await job();
    } finally {
      this.limiter.releaseSlot();
    }
  }

  /** Gives the place back (idempotent). */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.limiter.leave();
  }
}
