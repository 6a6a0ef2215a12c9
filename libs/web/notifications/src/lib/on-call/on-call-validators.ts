import { ValidatorFn } from '@angular/forms';
import { NOTIFICATION_CHANNEL_RULES, ON_CALL_RULES } from '@hyperion/contracts';

import { fromLocalInput, isValidTimeZone, knownTimeZones } from '../time/zone-math';

/** The names of contacts, teams, schedules: the contracts' rule (as the channels' names). */
export const ON_CALL_NAME_HINT = `1 to ${ON_CALL_RULES.nameMaxLength} characters on one line, without leading or trailing spaces`;
export const ON_CALL_NAME_PATTERN = NOTIFICATION_CHANNEL_RULES.namePattern;

/** An IANA zone the browser knows ('' passes: pair with `required`). */
export const timeZone: ValidatorFn = (control) => {
  const value = String(control.value ?? '').trim();
  return value === '' || isValidTimeZone(value) ? null : { timeZone: true };
};

/** HH:MM, 24-hour ('' passes). */
export const timeOfDay: ValidatorFn = (control) => {
  const value = String(control.value ?? '');
  return value === '' || ON_CALL_RULES.timeOfDayPattern.test(value) ? null : { timeOfDay: true };
};

/**
 * A `datetime-local` value that reads as a date and time ('' passes). The zone does not matter to
 * whether it reads, so UTC is used.
 */
export const localDateTime: ValidatorFn = (control) => {
  const value = String(control.value ?? '');
  return value === '' || fromLocalInput(value, 'UTC') !== null ? null : { dateTime: true };
};

/** A whole number from `min` to `max` ('' passes). */
export function wholeNumber(min: number, max: number): ValidatorFn {
  return (control) => {
    const value = String(control.value ?? '').trim();
    if (value === '') return null;
    const n = Number(value);
    return /^\d+$/.test(value) && n >= min && n <= max ? null : { wholeNumber: { min, max } };
  };
}

/** At least one entry in a list control. */
export const notEmptyList: ValidatorFn = (control) =>
  Array.isArray(control.value) && control.value.length > 0 ? null : { required: true };

/** At most `max` entries in a list control. */
export function listMax(max: number): ValidatorFn {
  return (control) =>
    Array.isArray(control.value) && control.value.length > max ? { listMax: max } : null;
}

/** The zones a time zone field suggests for what was typed (at most `limit`). */
export function suggestZones(typed: string, limit = 50): string[] {
  const needle = typed.trim().toLowerCase().replace(/\s+/g, '_');
  const zones = knownTimeZones();
  if (needle === '') return zones.slice(0, limit);
  return zones.filter((zone) => zone.toLowerCase().includes(needle)).slice(0, limit);
}
