import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';

import { apiErrorMessage, errorStatus, retryAfterSeconds } from './api-error';

const failure = (status: number, error: unknown, headers?: Record<string, string>) =>
  new HttpErrorResponse({ status, error, headers: new HttpHeaders(headers) });

const body = (statusCode: number, message: string | string[], correlationId = 'corr-1') => ({
  statusCode,
  error: 'x',
  message,
  correlationId,
});

describe('apiErrorMessage', () => {
  it('says the server cannot be reached when nothing answered', () => {
    expect(apiErrorMessage(failure(0, null))).toBe(
      'Cannot reach Hyperion — check your connection.',
    );
  });

  it("turns the API's validation messages into sentences naming the field in words", () => {
    expect(apiErrorMessage(failure(401, body(401, 'currentPassword is not correct')))).toBe(
      'Your current password is not correct',
    );
    expect(
      apiErrorMessage(failure(400, body(400, 'newPassword must differ from currentPassword'))),
    ).toBe('The new password must differ from your current password');
    expect(
      apiErrorMessage(failure(400, body(400, ['name must not be empty', 'slug is invalid']))),
    ).toBe('The name must not be empty. The short name (slug) is invalid.');
    expect(
      apiErrorMessage(failure(400, body(400, 'status: you cannot disable your own account'))),
    ).toBe('You cannot disable your own account');
    expect(apiErrorMessage(failure(400, body(400, 'property isAdmin should not exist')))).toBe(
      '"isAdmin" is not something this form can send',
    );
    expect(apiErrorMessage(failure(409, body(409, 'Slug "beta" is taken')))).toBe(
      'Slug "beta" is taken',
    );
  });

  it('explains each refusal in words when the API gives nothing more specific', () => {
    expect(apiErrorMessage(failure(401, body(401, 'Unauthorized')))).toBe(
      'Your session has ended — sign in again.',
    );
    expect(apiErrorMessage(failure(403, body(403, 'Missing permission users:admin')))).toBe(
      "You don't have permission to do that (it needs users:admin)",
    );
    expect(apiErrorMessage(failure(403, body(403, 'Forbidden resource')))).toBe(
      "You don't have permission to do that.",
    );
    expect(apiErrorMessage(failure(404, body(404, 'Cannot GET /api/v1/nothing')))).toBe(
      'That no longer exists — it may have been deleted. Reload the page.',
    );
    expect(apiErrorMessage(failure(404, body(404, 'User not found')))).toBe('User not found');
    expect(apiErrorMessage(failure(409, body(409, 'Conflict')))).toBe(
      'That conflicts with a change made meanwhile — reload and try again.',
    );
    expect(apiErrorMessage(failure(413, body(413, 'request entity too large')))).toBe(
      'That is too large for Hyperion to accept — send less at once.',
    );
    expect(apiErrorMessage(failure(423, body(423, 'Locked')))).toBe(
      'This account is locked after too many failed attempts — wait a few minutes, then try again.',
    );
    expect(
      apiErrorMessage(failure(429, body(429, 'Too Many Requests'), { 'Retry-After': '42' })),
    ).toBe('Too many attempts — try again in 42 seconds.');
    expect(apiErrorMessage(failure(429, null, { 'Retry-After': '600' }))).toBe(
      'Too many attempts — try again in 10 minutes.',
    );
  });

  it('gives the reference of the server log line for a server error, never its raw text', () => {
    const message = apiErrorMessage(
      failure(500, body(500, 'Internal server error', 'f3b2c1d0-aaaa-bbbb-cccc-111122223333')),
    );
    expect(message).toBe(
      'Something went wrong on the server — try again, and tell your administrator if it keeps happening. Reference: f3b2c1d0-aaaa-bbbb-cccc-111122223333',
    );
    expect(message).not.toContain('Internal server error');
    expect(apiErrorMessage(failure(503, body(503, 'Service Unavailable', 'ref-503')))).toBe(
      'Hyperion is temporarily unavailable — try again in a moment. Reference: ref-503',
    );
    expect(apiErrorMessage(failure(502, '<html>Bad gateway</html>'))).toBe(
      'Hyperion did not answer in time (HTTP 502) — try again in a moment.',
    );
  });

  it('falls back to what the caller says failed', () => {
    expect(apiErrorMessage(new Error('not HTTP'), 'Saving failed.')).toBe('Saving failed.');
    expect(apiErrorMessage(failure(418, 'teapot'), 'Saving failed.')).toBe(
      'Saving failed. (HTTP 418)',
    );
    expect(apiErrorMessage(failure(400, 'not json'), 'Saving failed.')).toBe(
      'Saving failed. Check the fields and try again.',
    );
  });
});

describe('errorStatus and retryAfterSeconds', () => {
  it('read the status and the Retry-After header (seconds or a date)', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');

    expect(errorStatus(failure(404, null))).toBe(404);
    expect(errorStatus(new Error('x'))).toBe(0);
    expect(retryAfterSeconds(failure(429, null, { 'Retry-After': '30' }), now)).toBe(30);
    expect(
      retryAfterSeconds(
        failure(429, null, { 'Retry-After': 'Sun, 22 Nov 2026 10:01:00 GMT' }),
        now,
      ),
    ).toBe(60);
    expect(retryAfterSeconds(failure(429, null), now)).toBeNull();
  });
});
