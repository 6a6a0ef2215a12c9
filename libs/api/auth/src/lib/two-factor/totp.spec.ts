import * as speakeasy from 'speakeasy';

import { generateTotpSecret, normalizeTotpCode, otpauthUrl, verifyTotp } from './totp';

describe('TOTP', () => {
  it('generates base32 secrets of 160 bits', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  });

  it('builds the otpauth URI with issuer and label', () => {
    expect(otpauthUrl('JBSWY3DPEHPK3PXP', 'alice')).toBe(
      'otpauth://totp/Hyperion:alice?secret=JBSWY3DPEHPK3PXP&issuer=Hyperion&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('accepts the current code and refuses another', () => {
    const secret = generateTotpSecret();
    const code = speakeasy.totp({ secret, encoding: 'base32' });
    expect(verifyTotp(secret, code)).toBe(true);
    expect(verifyTotp(secret, code === '000000' ? '111111' : '000000')).toBe(false);
  });

  it('recognises 6-digit codes, spaces forgiven', () => {
    expect(normalizeTotpCode('123 456')).toBe('123456');
    expect(normalizeTotpCode('12345')).toBeNull();
    expect(normalizeTotpCode('abcdef')).toBeNull();
  });
});
