import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A new iCal feed token: 32 random bytes, base64url (43 characters). */
export function newIcalToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A presented token could be one of ours (shape only; the database decides). */
export function plausibleIcalToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** Compares two tokens in time independent of where they differ. */
export function sameIcalToken(stored: string, presented: string): boolean {
  const a = Buffer.from(stored, 'utf8');
  const b = Buffer.from(presented, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
