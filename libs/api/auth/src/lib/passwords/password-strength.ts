/**
 * The password policy: long enough (the DTOs' MinLength), not built on the account's own username
 * or email, and hard to guess according to zxcvbn-ts (score >= MIN_PASSWORD_SCORE on its 0-4
 * scale, which also refuses common passwords, dictionary words, keyboard walks and repeats).
 * Pure: the estimate comes from PasswordStrength (zxcvbn in a worker thread).
 */

/** zxcvbn's 0-4 scale: 3 is "safely unguessable: moderate protection from offline attacks". */
export const MIN_PASSWORD_SCORE = 3;

/**
 * Characters zxcvbn analyses (the rest of a longer password only adds strength). Its matching
 * is superlinear in the length: 64 characters stay well under a second even for crafted input.
 */
export const STRENGTH_ANALYSED_LENGTH = 64;

/** What zxcvbn says about a password (the part of its result the policy uses). */
export interface StrengthEstimate {
  score: number;
  /** zxcvbn's English warning ("This is a heavily used password."), or null. */
  warning: string | null;
  suggestions: string[];
  /** Most of the password is on zxcvbn's list of common passwords. */
  common: boolean;
}

/** The account the password is for. */
export interface PasswordOwner {
  username?: string;
  email?: string;
  displayName?: string;
}

const letters = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** True when `password` contains `part` (case, spaces and punctuation ignored); parts under 3 characters are ignored. */
export function containsPart(password: string, part: string | undefined): boolean {
  if (!part) return false;
  const raw = part.trim().toLowerCase();
  if (raw.length >= 3 && password.toLowerCase().includes(raw)) return true;
  const compact = letters(part);
  return compact.length >= 3 && letters(password).includes(compact);
}

/** Words zxcvbn should treat as guessable for this account (its names). */
export function ownerInputs(owner: PasswordOwner): string[] {
  const local = owner.email?.split('@')[0];
  return [owner.username, owner.email, local, ...(owner.displayName?.split(/\s+/) ?? [])].filter(
    (v): v is string => typeof v === 'string' && v.length >= 3,
  );
}

/** Why the username or email is in the password, before any estimate (null when it is not). */
export function ownerProblem(password: string, owner: PasswordOwner): string | null {
  if (containsPart(password, owner.username)) return 'must not contain the username';
  const local = owner.email?.split('@')[0];
  if (containsPart(password, owner.email) || containsPart(password, local)) {
    return 'must not contain the email address';
  }
  return null;
}

/** Why the estimate is not good enough (a phrase to follow the field's name), or null. */
export function estimateProblem(estimate: StrengthEstimate): string | null {
  if (estimate.score >= MIN_PASSWORD_SCORE) return null;
  if (estimate.common) {
    return `is too common${estimate.warning ? ` (${withoutStop(estimate.warning)})` : ''}: choose one that is not on lists of frequently used passwords`;
  }
  const why = estimate.warning ?? estimate.suggestions[0] ?? null;
  return `is too easy to guess${why ? ` (${withoutStop(why)})` : ''}: add more words or characters`;
}

/** The 400 message for `field` ("newPassword must not contain the username"), or null when fine. */
export function passwordProblem(
  field: string,
  password: string,
  owner: PasswordOwner,
  estimate: StrengthEstimate,
): string | null {
  const problem = ownerProblem(password, owner) ?? estimateProblem(estimate);
  return problem ? `${field} ${problem}` : null;
}

const withoutStop = (s: string) => s.replace(/\.\s*$/, '');
