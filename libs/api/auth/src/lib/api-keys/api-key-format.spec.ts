import { apiKeyPrefix, generateApiKey, looksLikeApiKey } from './api-key-format';

describe('API key format', () => {
  it('generates hyp_<8 chars>_<secret> keys whose prefix parses back', () => {
    const { prefix, key } = generateApiKey();
    expect(prefix).toMatch(/^[a-z0-9]{8}$/);
    expect(key).toMatch(/^hyp_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(apiKeyPrefix(key)).toBe(prefix);
    expect(looksLikeApiKey(key)).toBe(true);
    expect(generateApiKey().key).not.toBe(key);
  });

  it('rejects malformed keys', () => {
    expect(apiKeyPrefix('hyp_short_x')).toBeNull();
    expect(apiKeyPrefix('eyJhbGciOi.jwt.token')).toBeNull();
    expect(apiKeyPrefix('hyp_ABCDEFGH_abcdefghijklmnopqrstuvwxyz')).toBeNull();
    expect(looksLikeApiKey('eyJ...')).toBe(false);
  });
});
