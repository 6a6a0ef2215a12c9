import { HttpStatusCode } from '@angular/common/http';
import { apiErrorMessage, errorStatus, retryAfterSeconds } from '@hyperion/web/util';

/** Why a sign-in step failed, in words a user can act on. `kind` is exposed as a test hook. */
export interface LoginError {
  readonly kind: 'invalid' | 'locked' | 'rate-limited' | 'other';
  readonly message: string;
}

function waitFor(seconds: number | null): string {
  if (seconds === null) {
    return 'in a little while';
  }
  if (seconds < 90) {
    return `in ${seconds} second${seconds === 1 ? '' : 's'}`;
  }
  return `in ${Math.ceil(seconds / 60)} minutes`;
}

/** Maps the API's answer to the password step (`step: 'password'`) or the code step. */
export function loginError(error: unknown, step: 'password' | 'code'): LoginError {
  switch (errorStatus(error)) {
    case HttpStatusCode.Unauthorized:
      return {
        kind: 'invalid',
        message:
          step === 'password'
            ? 'Wrong username, email or password.'
            : 'That code is not valid (or the sign-in took too long: start again).',
      };
    case HttpStatusCode.Locked:
      return {
        kind: 'locked',
        message:
          'This account is locked after too many failed attempts. Wait a few minutes, then try again.',
      };
    case HttpStatusCode.TooManyRequests:
      return {
        kind: 'rate-limited',
        message: `Too many sign-in attempts from this address. Try again ${waitFor(retryAfterSeconds(error))}.`,
      };
    default:
      return { kind: 'other', message: apiErrorMessage(error, 'Signing in failed.') };
  }
}
