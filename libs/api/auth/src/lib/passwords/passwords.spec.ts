import { hashSecret, randomPassword, verifySecret } from './passwords';

describe('passwords', () => {
  it('hashes with argon2id and verifies', async () => {
    const hash = await hashSecret('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifySecret(hash, 'correct horse battery')).toBe(true);
    expect(await verifySecret(hash, 'wrong horse battery')).toBe(false);
    expect(await verifySecret('not-a-hash', 'x')).toBe(false);
  });

  it('generates random readable passwords of the asked length', () => {
    const a = randomPassword(20);
    expect(a).toMatch(/^[a-zA-Z2-9]{20}$/);
    expect(a).not.toMatch(/[01lIO]/);
    expect(randomPassword(20)).not.toBe(a);
  });
});
