import { generateRecoveryCodes, normalizeRecoveryCode } from './recovery-codes';

describe('recovery codes', () => {
  it('generates ten distinct xxxx-xxxx-xxxx codes', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
  });

  it('normalizes what a user types', () => {
    expect(normalizeRecoveryCode(' AB12-cd34-EF56 ')).toBe('ab12-cd34-ef56');
    expect(normalizeRecoveryCode('ab12cd34ef56')).toBeNull();
    expect(normalizeRecoveryCode('123456')).toBeNull();
  });
});
