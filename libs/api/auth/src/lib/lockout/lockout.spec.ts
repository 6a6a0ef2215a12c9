import {
  AttemptState,
  EMPTY_STATE,
  failAttempt,
  isLocked,
  lockDurationSeconds,
  LockoutPolicy,
  loginKey,
  releaseAttempt,
  reserveAttempt,
} from './lockout';

const policy: LockoutPolicy = {
  threshold: 5,
  windowSeconds: 900,
  baseSeconds: 60,
  maxSeconds: 3600,
};
const t0 = new Date('2025-01-01T12:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

/** Reserves, expecting a place. */
function take(state: AttemptState, now: Date): AttemptState {
  const r = reserveAttempt(state, now, policy);
  if (!r.allowed) throw new Error(`refused at ${now.toISOString()}`);
  return r.next;
}

/** n wrong passwords one after the other, from `state` at `now`. */
function failures(state: AttemptState, n: number, now: Date) {
  let locked = 0;
  for (let i = 0; i < n; i++) {
    const failed = failAttempt(take(state, now), now, policy);
    state = failed.next;
    if (failed.locked) locked++;
  }
  return { state, locked };
}

describe('lockout', () => {
  it('doubles the lock at each lock in a row, up to the cap', () => {
    expect([1, 2, 3, 4, 6, 7, 8, 40].map((n) => lockDurationSeconds(n, policy))).toEqual([
      60, 120, 240, 480, 1920, 3600, 3600, 3600,
    ]);
  });

  it('locks on the threshold-th failure, for the base duration; the next attempt is refused', () => {
    const { state, locked } = failures(EMPTY_STATE, 5, t0);
    expect(locked).toBe(1);
    expect(state.lockedUntil).toEqual(at(60));
    expect(isLocked(state, at(59))).toBe(true);
    const refused = reserveAttempt(state, at(10), policy);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 50, lockedUntil: at(60) });
  });

  it('of any number of parallel attempts, lets exactly `threshold` be checked', () => {
    let state = EMPTY_STATE;
    let allowed = 0;
    for (let i = 0; i < 150; i++) {
      const r = reserveAttempt(state, t0, policy);
      if (r.allowed) {
        allowed++;
        state = r.next;
      } else {
        // Before any check finished, the answer already says how long the lock will be.
        expect(r).toEqual({ allowed: false, retryAfterSeconds: 60, lockedUntil: null });
      }
    }
    expect(allowed).toBe(5);
    // The checks finish: the first failure locks, the others change nothing.
    const results = Array.from({ length: 5 }, () => {
      const f = failAttempt(state, at(1), policy);
      state = f.next;
      return f.locked;
    });
    expect(results).toEqual([true, false, false, false, false]);
    expect(state.lockedUntil).toEqual(at(61));
  });

  it('does not extend the lock with attempts made while locked', () => {
    let { state } = failures(EMPTY_STATE, 5, t0);
    for (const s of [1, 20, 59]) {
      const r = reserveAttempt(state, at(s), policy);
      expect(r.allowed).toBe(false);
    }
    expect(state.lockedUntil).toEqual(at(60));
    // Then a new round: five more guesses, and a lock twice as long.
    const second = failures(state, 5, at(61));
    expect(second.locked).toBe(1);
    expect(second.state.lockedUntil).toEqual(at(61 + 120));
    state = second.state;
    const third = failures(state, 5, at(200));
    expect(third.state.lockedUntil).toEqual(at(200 + 240));
  });

  it('forgets failures after a quiet window, and the back-off after a quiet spell as long as the cap', () => {
    const four = failures(EMPTY_STATE, 4, t0).state;
    expect(take(four, at(901)).attempts).toBe(1);
    expect(take(four, at(899)).attempts).toBe(5);

    const locked = failures(EMPTY_STATE, 5, t0).state;
    expect(locked.level).toBe(1);
    expect(take(locked, at(61)).level).toBe(1);
    expect(take(locked, at(60 + 3601)).level).toBe(0);
  });

  it('gives back the place of an attempt that was neither a failure nor a sign-in', () => {
    const two = failures(EMPTY_STATE, 2, t0).state;
    const pending = take(two, at(1));
    expect(pending.attempts).toBe(3);
    expect(releaseAttempt(pending).attempts).toBe(2);
    expect(releaseAttempt({ ...EMPTY_STATE }).attempts).toBe(0);
    const locked = failures(EMPTY_STATE, 5, t0).state;
    expect(releaseAttempt(locked)).toBe(locked);
  });

  it('keys unknown logins by what was typed, normalised', () => {
    expect(loginKey('  Bob@Example.TEST ')).toBe('login:bob@example.test');
    expect(loginKey('ｂｏｂ')).toBe('login:bob');
  });
});
