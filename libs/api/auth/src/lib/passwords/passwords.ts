import { randomInt } from 'node:crypto';

import { ACCOUNT_RULES } from '@hyperion/contracts';
import * as argon2 from 'argon2';

export const PASSWORD_MIN_LENGTH = ACCOUNT_RULES.passwordMinLength;
export const PASSWORD_MAX_LENGTH = ACCOUNT_RULES.passwordMaxLength;

/** Letters and digits without the look-alikes (0/O, 1/l/I), for passwords shown to a human. */
const READABLE = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * argon2id, 64 MiB, t=3, salted, on one lane: each hash keeps to one thread, so HASH_CONCURRENCY
 * bounds the cores hashing takes (the library's default of 4 lanes ran 4 threads per hash and
 * starved the event loop during a login flood). Older hashes keep verifying with their own
 * parameters.
 */
export function hashSecret(plain: string): Promise<string> {
  return argon2.hash(plain, {
    type: argon2.argon2id,
    memoryCost: 65_536,
    timeCost: 3,
    parallelism: 1,
  });
}

/** False for a wrong value, and for a hash that is not an argon2 hash. */
export async function verifySecret(hash: string, plain: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}

/** A random password of `length` readable characters (crypto-strong). */
export function randomPassword(length = 20): string {
  let out = '';
  for (let i = 0; i < length; i++) out += READABLE[randomInt(READABLE.length)];
  return out;
}
