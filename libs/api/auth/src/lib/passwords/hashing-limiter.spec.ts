import { HashingBusyError, HashingLimiter } from './hashing-limiter';

/** A job that finishes when the test says so. */
function gate() {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  return { open, job: () => done };
}

describe('HashingLimiter', () => {
  it('runs at most `concurrency` jobs at once, queues `queue` more, refuses the rest at once', async () => {
    const limiter = new HashingLimiter(2, 3);
    const gates = Array.from({ length: 5 }, gate);
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      limiter.run(async () => {
        started.push(i);
        await g.job();
        return i;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    expect(limiter.active).toBe(2);
    expect(limiter.inFlight).toBe(5);
    expect(() => limiter.admit()).toThrow(HashingBusyError);

    gates[0].open();
    await runs[0];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    expect(limiter.active).toBe(2);
    // A place came free: one more is admitted.
    limiter.admit().release();

    for (const g of gates) g.open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4]);
    expect(limiter.active).toBe(0);
    expect(limiter.inFlight).toBe(0);
  });

  it('keeps the place of an admitted request between its jobs, and frees it once on release', async () => {
    const limiter = new HashingLimiter(1, 0);
    const ticket = limiter.admit();
    expect(() => limiter.admit()).toThrow(HashingBusyError);
    expect(await ticket.run(async () => 'a')).toBe('a');
    expect(() => limiter.admit()).toThrow(HashingBusyError);
    expect(await ticket.run(async () => 'b')).toBe('b');
    ticket.release();
    ticket.release();
    expect(limiter.inFlight).toBe(0);
    limiter.admit().release();
    await expect(ticket.run(async () => 'c')).rejects.toThrow(/already released/);
  });

  it('frees the slot of a job that fails', async () => {
    const limiter = new HashingLimiter(1, 0);
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limiter.run(async () => 'next')).toBe('next');
  });

  it('refuses nonsense bounds', () => {
    expect(() => new HashingLimiter(0, 1)).toThrow(/concurrency/);
    expect(() => new HashingLimiter(1, -1)).toThrow(/queue/);
  });
});
