import { HttpErrorResponse } from '@angular/common/http';
import { AbstractControl, FormControl } from '@angular/forms';
import { apiErrorMessage } from '@hyperion/web/util';

/** The banner's words when every message of a refusal found its field. */
export const REFUSED_SEE_FIELDS = 'Hyperion refused this: see the fields marked below.';

/** The key of a control's errors that holds what the API said of it. */
const API_ERROR = 'server';

/** `url: must be an http(s) URL`, `target.port: …`, `thresholds.cpuPercent: …`. */
const FIELD_MESSAGE = /^([A-Za-z]+(?:\.[A-Za-z]+)*): (.+)$/s;

export interface ApiErrorOptions {
  /** What failed, said when the API gives no words of its own ("The host could not be saved."). */
  readonly fallback: string;
  /** The statuses whose messages may name a field: 400 unless told. */
  readonly statuses?: readonly number[];
  /**
   * The path in the form of the control a message belongs to, or null to leave it for the
   * banner. `field` is what the message names before ": " (`url`, `target.port`), null when it
   * names none. Unless told, a named field goes to the control of the same path.
   */
  readonly controlFor?: (field: string | null, message: string, status: number) => string | null;
}

const samePath = (field: string | null) => field;

/** "must be at most 10" → "Must be at most 10." */
const sentence = (text: string) => {
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};

/**
 * Puts a refused save where a person can act on it: each of the API's messages that names a
 * field (`<field>: …`) goes beside that field (on its control's errors, until its value changes),
 * the rest goes to the banner above the form. Returns the banner's message. Only a field the
 * person can see and change takes a message: one naming a disabled control or a group goes to
 * the banner, so nothing the API said is lost.
 */
export function applyApiErrors(
  form: AbstractControl,
  error: unknown,
  options: ApiErrorOptions,
): string {
  const statuses = options.statuses ?? [400];
  if (!(error instanceof HttpErrorResponse) || !statuses.includes(error.status)) {
    return apiErrorMessage(error, options.fallback);
  }
  const body: unknown = error.error;
  const raw =
    body && typeof body === 'object' ? (body as { message?: unknown }).message : undefined;
  const messages = (Array.isArray(raw) ? raw : [raw]).filter(
    (m): m is string => typeof m === 'string',
  );
  const controlFor = options.controlFor ?? samePath;
  const placed = new Map<AbstractControl, string[]>();
  const rest: string[] = [];
  for (const message of messages) {
    const named = FIELD_MESSAGE.exec(message);
    const path = controlFor(named ? named[1] : null, message, error.status);
    const control = path === null ? null : form.get(path);
    if (control instanceof FormControl && control.enabled) {
      placed.set(control, [...(placed.get(control) ?? []), sentence(named ? named[2] : message)]);
    } else {
      rest.push(message);
    }
  }
  for (const [control, texts] of placed) {
    control.setErrors({ ...(control.errors ?? {}), [API_ERROR]: texts.join(' ') });
    control.markAsTouched();
  }
  if (placed.size === 0) return apiErrorMessage(error, options.fallback);
  if (rest.length === 0) return REFUSED_SEE_FIELDS;
  // The banner repeats none of what is already said beside a field.
  const unplaced = new HttpErrorResponse({
    error: { ...(body as object), message: rest },
    headers: error.headers,
    status: error.status,
    statusText: error.statusText,
    url: error.url ?? undefined,
  });
  return apiErrorMessage(unplaced, options.fallback);
}

/** What the API said of a control at the last refusal, until its value changed. */
export function apiFieldError(control: AbstractControl | null): string | null {
  const text: unknown = control?.getError(API_ERROR);
  return typeof text === 'string' ? text : null;
}

/** A field's message: what the API said of it, else "Required." when empty, else its hint. */
export function fieldError(control: AbstractControl | null, hint: string): string {
  return apiFieldError(control) ?? (control?.hasError('required') ? 'Required.' : hint);
}
