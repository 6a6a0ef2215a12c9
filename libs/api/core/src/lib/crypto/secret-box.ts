import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import { AppSecrets } from './app-secrets';

const VERSION = 'v1';
const IV_BYTES = 12;

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

/**
 * AES-256-GCM encryption of small secrets at rest (TOTP secrets, SSH keys, webhook tokens...).
 * Output: `v1:<iv>:<tag>:<ciphertext>` (base64). Tampering fails authentication on decrypt.
 */
@Injectable()
export class SecretBox {
  constructor(private readonly secrets: AppSecrets) {}

  encrypt(plaintext: string, associatedData = ''): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.secrets.encryptionKey, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv, tag, ciphertext]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64')))
      .join(':');
  }

  /** Throws SecretBoxError when the value was altered, or encrypted with another key or context. */
  decrypt(sealed: string, associatedData = ''): string {
    const parts = sealed.split(':');
    if (parts.length !== 4 || parts[0] !== VERSION) {
      throw new SecretBoxError('Not a sealed value');
    }
    const [, iv, tag, ciphertext] = parts.map((p) => Buffer.from(p, 'base64'));
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.secrets.encryptionKey, iv);
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('Sealed value failed authentication (tampered, or another key)');
    }
  }
}
