import * as speakeasy from 'speakeasy';

export const TOTP_ISSUER = 'Hyperion';

/** A new random TOTP secret (160 bits), base32. */
export function generateTotpSecret(): string {
  return speakeasy.generateSecret({ length: 20 }).base32;
}

/** `otpauth://totp/Hyperion:<label>?secret=...&issuer=Hyperion` (RFC 6238 defaults). */
export function otpauthUrl(secret: string, label: string): string {
  const path = `${encodeURIComponent(TOTP_ISSUER)}:${encodeURIComponent(label)}`;
  const query = new URLSearchParams({
    secret,
    issuer: TOTP_ISSUER,
    algorithm: 'SHA1',
    digits: '6',
    period: '30',
  });
  return `otpauth://totp/${path}?${query.toString()}`;
}

/** The current code, or the one before or after (clock drift). */
export function verifyTotp(secret: string, code: string): boolean {
  return speakeasy.totp.verify({ secret, encoding: 'base32', token: code, window: 1 });
}

/** A 6-digit TOTP code (spaces forgiven), or null. */
export function normalizeTotpCode(input: string): string | null {
  const code = input.replace(/\s+/g, '');
  return /^\d{6}$/.test(code) ? code : null;
}
