import { randomInt } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const RECOVERY_CODE = /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/;

/** One code, `xxxx-xxxx-xxxx` over a-z0-9 (62 bits). */
export function generateRecoveryCode(): string {
  const group = () =>
    Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${group()}-${group()}-${group()}`;
}

export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  const codes = new Set<string>();
  while (codes.size < count) codes.add(generateRecoveryCode());
  return [...codes];
}

/** What the user typed, as a stored code would look (case and spaces forgiven), or null. */
export function normalizeRecoveryCode(input: string): string | null {
  const code = input.trim().toLowerCase().replace(/\s+/g, '');
  return RECOVERY_CODE.test(code) ? code : null;
}
