import { createHash, randomBytes } from 'node:crypto';

/** A new link token: 32 random bytes, base64url (43 characters). */
export function newLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A presented token could be one of ours (shape only; the database decides). */
export function plausibleLinkToken(token: unknown): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** What is stored of a token: its SHA-256, hex. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** An address as stored and compared: trimmed, lower-cased. */
export function normalEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * An address as administrators see it: the first character of the local part, the domain
 * (`j•••@example.com`), enough to recognise one's own, not to harvest them.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}
