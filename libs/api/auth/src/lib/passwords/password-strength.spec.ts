import {
  containsPart,
  estimateProblem,
  ownerInputs,
  ownerProblem,
  passwordProblem,
  StrengthEstimate,
} from './password-strength';
import { PasswordStrength } from './password-strength.service';

const strong: StrengthEstimate = { score: 4, warning: null, suggestions: [], common: false };

describe('password policy (pure)', () => {
  it('finds the username or email in the password, case and punctuation ignored', () => {
    expect(containsPart('xX-Bob.Smith-2024', 'bob.smith')).toBe(true);
    expect(containsPart('BobSmith-2024!!', 'bob.smith')).toBe(true);
    expect(containsPart('robert-2024-horse', 'bob.smith')).toBe(false);
    // Two characters are part of too many words to count.
    expect(containsPart('jo-went-sailing-42', 'jo')).toBe(false);
    expect(ownerProblem('my-alice-password-9', { username: 'alice' })).toBe(
      'must not contain the username',
    );
    expect(ownerProblem('carrot-wonder-77', { email: 'carrot.wonder@example.test' })).toBe(
      'must not contain the email address',
    );
    expect(ownerProblem('nine-quiet-harbours', { username: 'alice', email: 'a@b.test' })).toBe(
      null,
    );
  });

  it('gives zxcvbn the account names as guessable words', () => {
    expect(
      ownerInputs({ username: 'alice', email: 'al@x.test', displayName: 'Alice Liddell' }),
    ).toEqual(['alice', 'al@x.test', 'Alice', 'Liddell']);
  });

  it('says "too common" for common passwords and passes zxcvbn\'s warning on', () => {
    expect(estimateProblem(strong)).toBeNull();
    expect(estimateProblem({ ...strong, score: 3 })).toBeNull();
    expect(
      estimateProblem({
        score: 1,
        warning: 'This is a heavily used password.',
        suggestions: [],
        common: true,
      }),
    ).toBe(
      'is too common (This is a heavily used password): choose one that is not on lists of frequently used passwords',
    );
    expect(
      estimateProblem({
        score: 0,
        warning: 'Repeated characters like "aaa" are easy to guess.',
        suggestions: ['Add more words that are less common.'],
        common: false,
      }),
    ).toBe(
      'is too easy to guess (Repeated characters like "aaa" are easy to guess): add more words or characters',
    );
    expect(
      passwordProblem('newPassword', 'alice-is-here-2024', { username: 'alice' }, strong),
    ).toBe('newPassword must not contain the username');
  });
});

describe('PasswordStrength (zxcvbn-ts in a worker thread)', () => {
  const strength = new PasswordStrength();
  afterAll(() => strength.onModuleDestroy());

  it.each([
    ['password1234', /^password is too common/],
    ['qwertyuiop12', /^password is too common/],
    ['abcdefghijkl', /^password is too easy to guess \(Common character sequences/],
    ['aaaaaaaaaaaaaaaa', /^password is too easy to guess \(Repeated characters/],
    ['P@ssw0rd2024', /^password is too common/],
  ])('refuses %s', async (password, message) => {
    expect(await strength.problem('password', password, { username: 'someone' })).toMatch(message);
  });

  it('refuses the username and the email, and accepts a long unusual passphrase', async () => {
    const owner = { username: 'marguerite', email: 'm.duras@example.test' };
    expect(await strength.problem('password', 'marguerite-lamp-1984', owner)).toBe(
      'password must not contain the username',
    );
    expect(await strength.problem('password', 'grey-lamp-m.duras-77', owner)).toBe(
      'password must not contain the email address',
    );
    expect(await strength.problem('password', 'violet-ferry-candle-83', owner)).toBeNull();
    // The passwords the tests and the first start use still pass.
    expect(await strength.problem('password', 'a-long-password-123', owner)).toBeNull();
  });

  it('answers quickly for long crafted input, and several at once', async () => {
    const started = Date.now();
    const results = await Promise.all([
      strength.estimate('aB3$'.repeat(32)),
      strength.estimate('q1w2e3r4'.repeat(16)),
      strength.estimate('x'.repeat(128)),
    ]);
    expect(results.map((r) => r.score < 3)).toEqual([true, true, true]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
