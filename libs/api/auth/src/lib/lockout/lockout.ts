/**
 * Per-account lockout. Failed passwords and 2FA codes (audited as `failed_login`) are counted
 * since the later of "now minus the window" and the last successful login; at `threshold`
 * failures the account is locked. Since attempts made while locked are failures too, the lock
 * lifts once the window has passed without failed attempts.
 */
export interface LockoutPolicy {
  threshold: number;
  windowMinutes: number;
}

/** From when failures count. */
export function lockoutWindowStart(
  now: Date,
  windowMinutes: number,
  lastSuccessAt: Date | null,
): Date {
  const windowStart = new Date(now.getTime() - windowMinutes * 60_000);
  return lastSuccessAt && lastSuccessAt > windowStart ? lastSuccessAt : windowStart;
}

export function isLocked(failures: number, policy: LockoutPolicy): boolean {
  return failures >= policy.threshold;
}

/** True when the failure just recorded (making `failuresAfter`) is the one that locks. */
export function justLocked(failuresAfter: number, policy: LockoutPolicy): boolean {
  return failuresAfter === policy.threshold;
}
