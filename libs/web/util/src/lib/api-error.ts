import { HttpErrorResponse } from '@angular/common/http';
import type { ApiErrorBody } from '@hyperion/contracts';

function isApiErrorBody(body: unknown): body is ApiErrorBody {
  return typeof body === 'object' && body !== null && 'message' in body && 'statusCode' in body;
}

/** The API's own message of a failed request (joined when it is a list), or a generic one. */
export function apiErrorMessage(error: unknown, fallback = 'The request failed.'): string {
  if (!(error instanceof HttpErrorResponse)) {
    return fallback;
  }
  if (error.status === 0) {
    return 'The API did not answer (network error).';
  }
  if (isApiErrorBody(error.error)) {
    const { message } = error.error;
    return Array.isArray(message) ? message.join('; ') : message;
  }
  return `${fallback} (HTTP ${error.status})`;
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
