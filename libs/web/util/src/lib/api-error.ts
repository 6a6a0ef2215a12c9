import { HttpErrorResponse } from '@angular/common/http';
import type { ApiErrorBody } from '@hyperion/contracts';

import { humanizeApiMessage } from './human-message';

function isApiErrorBody(body: unknown): body is ApiErrorBody {
  return typeof body === 'object' && body !== null && 'message' in body && 'statusCode' in body;
}

/** Said when the browser got no answer at all (server down, network cut, DNS, CORS). */
export const UNREACHABLE_MESSAGE = 'Cannot reach Hyperion — check your connection.';

/** The API's own texts that say nothing more than the status code does. */
const GENERIC_TEXTS = new Set([
  'bad request',
  'unauthorized',
  'forbidden',
  'forbidden resource',
  'not found',
  'conflict',
  'payload too large',
  'unsupported media type',
  'locked',
  'too many requests',
  'throttlerexception: too many requests',
  'internal server error',
  'service unavailable',
  'authentication required',
]);

function apiMessages(body: unknown): string[] {
  if (!isApiErrorBody(body)) {
    return [];
  }
  const list = Array.isArray(body.message) ? body.message : [body.message];
  return list
    .filter((text): text is string => typeof text === 'string')
    .map((text) => text.trim())
    .filter((text) => text !== '' && !GENERIC_TEXTS.has(text.toLowerCase()))
    .filter((text) => !/^Cannot (GET|POST|PUT|PATCH|DELETE) /.test(text));
}

/** "Try again in 42 seconds." / "in 3 minutes" / "in a little while". */
function waitPhrase(seconds: number | null): string {
  if (seconds === null) {
    return 'in a little while';
  }
  if (seconds < 90) {
    return `in ${seconds} second${seconds === 1 ? '' : 's'}`;
  }
  return `in ${Math.ceil(seconds / 60)} minutes`;
}

/**
 * A failed request in words a person can act on: the connection (network down), then the
 * status (401, 403, 404, 409, 413, 415, 423, 429, 5xx) with the API's own explanation made
 * readable ("currentPassword is not correct" → "Your current password is not correct."). A
 * server error ends with "Reference: <correlationId>", the id of the server's log line.
 * `fallback` describes what failed when there is nothing better to say (not an HTTP error, or a
 * status the console has no words for).
 */
export function apiErrorMessage(error: unknown, fallback = 'The request failed.'): string {
  if (!(error instanceof HttpErrorResponse)) {
    return fallback;
  }
  const status = error.status;
  if (status === 0) {
    return UNREACHABLE_MESSAGE;
  }
  const explained = humanizeApiMessage(apiMessages(error.error));
  const reference = isApiErrorBody(error.error) ? error.error.correlationId : undefined;
  if (status >= 500) {
    const base =
      status === 503
        ? `Hyperion is temporarily unavailable — try again in a moment.${explained ? ` ${explained}` : ''}`
        : status === 502 || status === 504
          ? `Hyperion did not answer in time (HTTP ${status}) — try again in a moment.`
          : 'Something went wrong on the server — try again, and tell your administrator if it keeps happening.';
    return reference ? `${base} Reference: ${reference}` : base;
  }
  switch (status) {
    case 400:
    case 422:
      return explained ?? `${fallback} Check the fields and try again.`;
    case 401:
      return explained ?? 'Your session has ended — sign in again.';
    case 403:
      return explained ?? "You don't have permission to do that.";
    case 404:
      return explained ?? 'That no longer exists — it may have been deleted. Reload the page.';
    case 409:
      return explained ?? 'That conflicts with a change made meanwhile — reload and try again.';
    case 413:
      return 'That is too large for Hyperion to accept — send less at once.';
    case 415:
      return 'Hyperion could not read that request (unsupported format).';
    case 423:
      return (
        explained ??
        'This account is locked after too many failed attempts — wait a few minutes, then try again.'
      );
    case 429:
      return `Too many attempts — try again ${waitPhrase(retryAfterSeconds(error))}.`;
    default:
      return explained ?? `${fallback} (HTTP ${status})`;
  }
}

/** HTTP status of a failed request, 0 when it is not an HTTP error. */
export function errorStatus(error: unknown): number {
  return error instanceof HttpErrorResponse ? error.status : 0;
}

/**
 * Seconds to wait after a 429, from its `Retry-After` header (seconds or an HTTP date), if any.
 */
export function retryAfterSeconds(error: unknown, now: number = Date.now()): number | null {
  if (!(error instanceof HttpErrorResponse)) {
    return null;
  }
  const header = error.headers?.get('Retry-After');
  if (!header) {
    return null;
  }
  if (/^\d+$/.test(header.trim())) {
    return Number(header.trim());
  }
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000));
}
