import { randomBytes } from 'node:crypto';

/**
 * Secrets of a channel as the API shows them: same keys, each value `••••` plus its last 4
 * characters, a URL as its scheme and host plus `/••••` (nested objects masked alike).
 */
export function maskSecrets(secrets: Record<string, unknown>): Record<string, unknown> {
  const masked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(secrets)) {
    masked[key] = maskValue(value);
  }
  return masked;
}

function maskValue(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'object' && !Array.isArray(value)) {
    return maskSecrets(value as Record<string, unknown>);
  }
  const text = String(value);
  if (/^https?:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      return `${url.protocol}//${url.host}/••••`;
    } catch {
      // Not a URL after all: masked as any other value.
    }
  }
  // A short secret shows nothing of itself.
  return text.length >= 12 ? `••••${text.slice(-4)}` : '••••';
}

/**
 * A PATCH of secrets: keys left out keep their stored value; nested objects (SMS providers)
 * merge one level deeper; then each path of `remove` (`botToken`, `secondary.apiKey`) is
 * forgotten. (`null` in the patch removes too, for callers inside the API: HTTP bodies cannot
 * carry null.)
 */
export function mergeSecrets(
  stored: Record<string, unknown>,
  patch: Record<string, unknown>,
  remove: readonly string[] = [],
): Record<string, unknown> {
  const merged = mergePatch(stored, patch);
  for (const path of remove) {
    const [head, tail] = path.split('.', 2);
    if (tail === undefined) {
      delete merged[head];
    } else if (isPlainObject(merged[head])) {
      const inner = { ...merged[head] };
      delete inner[tail];
      merged[head] = inner;
    }
  }
  return merged;
}

function mergePatch(
  stored: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(patch)) {
    const before = stored[key];
    if (value === null) {
      delete merged[key];
    } else if (isPlainObject(value) && isPlainObject(before)) {
      merged[key] = mergePatch(before, value);
    } else {
      merged[key] = value;
    }
  }
  return merged;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A webhook signing secret: 32 random bytes, base64url. */
export function generateSigningSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The seal's associated data: a sealed value copied to another channel fails to open. */
const sealContext = (channelId: string) => `notification_channel:${channelId}`;

interface Box {
  encrypt(plaintext: string, associatedData?: string): string;
  decrypt(sealed: string, associatedData?: string): string;
}

/** The secrets' JSON sealed with the SecretBox, bound to the channel. */
export function sealSecrets(box: Box, channelId: string, secrets: Record<string, unknown>): string {
  return box.encrypt(JSON.stringify(secrets), sealContext(channelId));
}

/** Opens what sealSecrets sealed (throws SecretBoxError when altered or under another key). */
export function openSecrets(box: Box, channelId: string, sealed: string): Record<string, unknown> {
  return JSON.parse(box.decrypt(sealed, sealContext(channelId))) as Record<string, unknown>;
}
