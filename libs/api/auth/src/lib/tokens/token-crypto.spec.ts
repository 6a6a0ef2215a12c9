import { randomToken, sameDigest, sha256Hex } from './token-crypto';

describe('token crypto', () => {
  it('makes 32-byte base64url tokens', () => {
    expect(randomToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken()).not.toBe(randomToken());
  });

  it('hashes deterministically and compares digests', () => {
    const h = sha256Hex('abc');
    expect(h).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sameDigest(h, sha256Hex('abc'))).toBe(true);
    expect(sameDigest(h, sha256Hex('abd'))).toBe(false);
    expect(sameDigest('', '')).toBe(false);
  });
});
