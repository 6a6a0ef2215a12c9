import { randomInt } from 'node:crypto';

import { randomToken } from '../tokens/token-crypto';

export const API_KEY_MARK = 'hyp_';
const PREFIX_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const PREFIX_LENGTH = 8;
const KEY_PATTERN = /^hyp_([a-z0-9]{8})_([A-Za-z0-9_-]{20,128})$/;

export interface GeneratedApiKey {
  /** 8 random characters, unique per key: how a presented key is looked up. */
  prefix: string;
  /** The whole key, shown once: `hyp_<prefix>_<secret>`. */
  key: string;
}

export function generateApiKey(): GeneratedApiKey {
  let prefix = '';
  for (let i = 0; i < PREFIX_LENGTH; i++)
    prefix += PREFIX_ALPHABET[randomInt(PREFIX_ALPHABET.length)];
  return { prefix, key: `${API_KEY_MARK}${prefix}_${randomToken(32)}` };
}

/** The prefix of a well-formed key, or null. */
export function apiKeyPrefix(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(API_KEY_MARK);
}
