/**
 * Lockout that counts every guess. Each attempt (a password, a 2FA code, a password confirming a
 * 2FA change) first RESERVES a place in its subject's counter, atomically in PostgreSQL, and is
 * checked only if it got one: of any number of parallel guesses, at most `threshold` are ever
 * checked. A failure keeps its place; when the places reach `threshold`, a failure locks the
 * subject for `base × 2^(n−1)` seconds (n: locks in a row, capped at `max`). Attempts while locked
 * are refused without counting and do not extend the lock; once it ends a new round begins. A
 * success clears the counter (and the back-off). Places left unused for `window` lapse.
 *
 * The subject is the account when the login names one, otherwise the login as typed
 * (normalised), so an unknown username is answered exactly like a real one.
 */
export interface LockoutPolicy {
  threshold: number;
  windowSeconds: number;
  baseSeconds: number;
  maxSeconds: number;
}

/** One subject's counter (a row of `login_attempt`). */
export interface AttemptState {
  /** Places taken in this round (failures, and attempts still being checked). */
  attempts: number;
  /** Locks in a row (the back-off exponent). */
  level: number;
  lockedUntil: Date | null;
  /** When the last place was taken. */
  lastAttemptAt: Date | null;
}

export const EMPTY_STATE: AttemptState = {
  attempts: 0,
  level: 0,
  lockedUntil: null,
  lastAttemptAt: null,
};

export type Reservation =
  | { allowed: true; next: AttemptState }
  /** Refused; nothing changes. `lockedUntil` is null while the round's last checks are running. */
  | { allowed: false; retryAfterSeconds: number; lockedUntil: Date | null };

/** How long the `level`-th lock in a row lasts: base × 2^(level−1), at most max. */
export function lockDurationSeconds(level: number, policy: LockoutPolicy): number {
  const exponent = Math.min(Math.max(level, 1) - 1, 30);
  return Math.min(policy.baseSeconds * 2 ** exponent, policy.maxSeconds);
}

export function isLocked(state: AttemptState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil > now;
}

const secondsBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000;

/** Takes a place for an attempt, or refuses it (locked, or every place of the round taken). */
export function reserveAttempt(state: AttemptState, now: Date, policy: LockoutPolicy): Reservation {
  if (state.lockedUntil && state.lockedUntil > now) {
    return {
      allowed: false,
      retryAfterSeconds: secondsBetween(now, state.lockedUntil),
      lockedUntil: state.lockedUntil,
    };
  }
  const lapsed =
    state.lastAttemptAt === null || secondsBetween(state.lastAttemptAt, now) > policy.windowSeconds;
  // A lock that ended, or a quiet window, starts a new round.
  const attempts = state.lockedUntil !== null || lapsed ? 0 : state.attempts;
  // The back-off is forgotten after a quiet spell as long as the longest lock.
  const lastActivity = Math.max(
    state.lastAttemptAt?.getTime() ?? 0,
    state.lockedUntil?.getTime() ?? 0,
  );
  const level = (now.getTime() - lastActivity) / 1000 > policy.maxSeconds ? 0 : state.level;
  if (attempts >= policy.threshold) {
    // Every place is taken by attempts still being checked: the next lock is on its way.
    return {
      allowed: false,
      retryAfterSeconds: lockDurationSeconds(level + 1, policy),
      lockedUntil: null,
    };
  }
  return {
    allowed: true,
    next: { attempts: attempts + 1, level, lockedUntil: null, lastAttemptAt: now },
  };
}

/** A checked attempt failed: it keeps its place; the round's last place locks. */
export function failAttempt(
  state: AttemptState,
  now: Date,
  policy: LockoutPolicy,
): { next: AttemptState; locked: boolean } {
  // Already locked (by a parallel failure), or a lock that ended while this attempt was checked.
  if (state.lockedUntil !== null || state.attempts < policy.threshold) {
    return { next: state, locked: false };
  }
  const level = state.level + 1;
  const lockedUntil = new Date(now.getTime() + lockDurationSeconds(level, policy) * 1000);
  return { next: { ...state, level, lockedUntil }, locked: true };
}

/**
 * An attempt that was neither a failure nor a sign-in (the right password of a 2FA account, a
 * challenge redeemed twice): its place is given back, so it costs the user nothing and an
 * attacker who knows the password gains no guess.
 */
export function releaseAttempt(state: AttemptState): AttemptState {
  if (state.lockedUntil !== null) return state;
  return { ...state, attempts: Math.max(0, state.attempts - 1) };
}

/** The counter's subject for an account. */
export const accountKey = (userId: string) => `user:${userId}`;

/** The counter's subject for a login that names no account (trimmed, case-folded, NFKC). */
export function loginKey(login: string): string {
  return `login:${login.normalize('NFKC').trim().toLowerCase().slice(0, 254)}`;
}
