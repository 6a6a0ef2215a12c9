import { ACCOUNT_RULES } from '@hyperion/contracts';

import { RandomSource, randomIndex, suggestPassword } from './password-suggestion';

describe('suggestPassword', () => {
  it('proposes long, mixed, unambiguous passwords, a different one each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i += 1) {
      const password = suggestPassword();
      expect(password).toMatch(/^([A-HJ-NP-Za-km-z2-9]{5}-){3}[A-HJ-NP-Za-km-z2-9]{5}$/);
      expect(password.length).toBeGreaterThanOrEqual(ACCOUNT_RULES.passwordMinLength);
      for (const group of password.split('-')) {
        expect(group).toMatch(/[A-Z]/);
        expect(group).toMatch(/[2-9]/);
      }
      seen.add(password);
    }
    expect(seen.size).toBe(200);
  });

  it('draws without modulo bias: a value past the last whole multiple is drawn again', () => {
    const source = (values: number[]): RandomSource => {
      const queue = [...values];
      return (array) => {
        const next = queue.shift();
        if (next === undefined) throw new Error('Drew more than expected');
        array[0] = next;
        return array;
      };
    };
    // 2^32 is not a multiple of 56: 0xffffffff lies past the last whole multiple.
    expect(randomIndex(56, source([0xffff_ffff, 57]))).toBe(1);
    // 4 divides 2^32: every value is fair.
    expect(randomIndex(4, source([0xffff_ffff]))).toBe(3);
  });
});
