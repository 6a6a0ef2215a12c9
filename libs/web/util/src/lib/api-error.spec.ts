import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';

import { apiErrorMessage, errorStatus, retryAfterSeconds } from './api-error';

const failure = (status: number, error: unknown, headers?: Record<string, string>) =>
  new HttpErrorResponse({ status, error, headers: new HttpHeaders(headers) });

describe('apiErrorMessage', () => {
  it("gives the API's message, joining a list of them", () => {
    expect(
      apiErrorMessage(failure(409, { statusCode: 409, message: 'Slug "beta" is taken' })),
    ).toBe('Slug "beta" is taken');
    expect(
      apiErrorMessage(
        failure(400, { statusCode: 400, message: ['name is too long', 'slug is invalid'] }),
      ),
    ).toBe('name is too long; slug is invalid');
  });

  it('says so when the API did not answer, and falls back otherwise', () => {
    expect(apiErrorMessage(failure(0, null))).toBe('The API did not answer (network error).');
    expect(apiErrorMessage(failure(500, 'oops'), 'Saving failed.')).toBe(
      'Saving failed. (HTTP 500)',
    );
    expect(apiErrorMessage(new Error('not HTTP'), 'Saving failed.')).toBe('Saving failed.');
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
