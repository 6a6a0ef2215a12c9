import { randomBytes } from 'node:crypto';

import { AppSecrets } from './app-secrets';
import { SecretBox, SecretBoxError } from './secret-box';

const box = (key = randomBytes(32)) => new SecretBox(new AppSecrets('jwt', key));

describe('SecretBox (AES-256-GCM)', () => {
  it('round-trips, and never shows the plaintext', () => {
    const b = box();
    const sealed = b.encrypt('JBSWY3DPEHPK3PXP', 'user:1');
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(b.decrypt(sealed, 'user:1')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('uses a fresh IV each time', () => {
    const b = box();
    expect(b.encrypt('same')).not.toBe(b.encrypt('same'));
  });

  it('detects a flipped ciphertext byte, another key, and another context', () => {
    const key = randomBytes(32);
    const sealed = box(key).encrypt('secret', 'user:1');
    const parts = sealed.split(':');
    const ct = Buffer.from(parts[3], 'base64');
    ct[0] ^= 0xff;
    const tampered = [...parts.slice(0, 3), ct.toString('base64')].join(':');
    expect(() => box(key).decrypt(tampered, 'user:1')).toThrow(SecretBoxError);
    expect(() => box().decrypt(sealed, 'user:1')).toThrow(SecretBoxError);
    expect(() => box(key).decrypt(sealed, 'user:2')).toThrow(SecretBoxError);
  });
});
