import { ValidatorFn } from '@angular/forms';

/** A whole number from `min` to `max` ('' passes: pair with `required`). */
export function wholeNumber(min: number, max: number): ValidatorFn {
  return (control) => {
    const value = String(control.value ?? '').trim();
    if (value === '') return null;
    const n = Number(value);
    return /^\d+$/.test(value) && n >= min && n <= max ? null : { wholeNumber: { min, max } };
  };
}

/** At most `max` entries in a list control. */
export function listMax(max: number): ValidatorFn {
  return (control) =>
    Array.isArray(control.value) && control.value.length > max ? { listMax: max } : null;
}

/** Every entry of a list control matches `pattern`. */
export function eachMatches(pattern: RegExp): ValidatorFn {
  return (control) =>
    Array.isArray(control.value) && control.value.some((item) => !pattern.test(String(item)))
      ? { eachPattern: true }
      : null;
}

/** A number field's text as a number; '' → null. */
export function numberOrNull(value: string | number | null): number | null {
  const text = String(value ?? '').trim();
  return text === '' ? null : Number(text);
}

/** "a, b  c" → ['a', 'b', 'c'] (commas or spaces between), without repeats. */
export function splitList(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((part) => part !== ''))];
}

/** What `wholeNumber` says. */
export function wholeNumberMessage(min: number, max: number): string {
  return `A whole number from ${min} to ${max.toLocaleString('en')}.`;
}

/** Text of names separated by commas or spaces: at most `max`, each matching `pattern`. */
export function nameList(max: number, pattern: RegExp): ValidatorFn {
  return (control) => {
    const names = splitList(String(control.value ?? ''));
    if (names.length > max) return { listMax: max };
    return names.some((name) => !pattern.test(name)) ? { eachPattern: true } : null;
  };
}
