import { HttpErrorResponse } from '@angular/common/http';
import { AbstractControl } from '@angular/forms';
import { apiErrorMessage, humanizeOne } from '@hyperion/web/util';

/** What a refused save means for the form: a message per field it names, and the rest. */
export interface FormProblems {
  /** The API's message for each form field it named (by the request's field name). */
  readonly fields: Readonly<Record<string, string>>;
  /** What concerns no field of the form (or the whole refusal when it names none). */
  readonly general: string | null;
}

/** How one item of a list field is called ("matchers[1].value" → "Matcher 2, value"). */
const ITEM_NOUNS: Readonly<Record<string, string>> = {
  matchers: 'Matcher',
  levels: 'Level',
  targets: 'Target',
  groupBy: 'Label',
  dependsOn: 'Dependency',
  channelKinds: 'Channel kind',
};

const capitalize = (text: string) => (text ? text[0].toUpperCase() + text.slice(1) : text);
const words = (name: string) => name.replace(/([A-Z])/g, ' $1').toLowerCase();

/** `[0].value` / `.0.targets[1].id` after a field's name, in words ("Matcher 1, value"). */
function describeSubPath(field: string, rest: string): string {
  const parts: string[] = [];
  let noun = ITEM_NOUNS[field] ?? 'Item';
  for (const match of rest.matchAll(/\[(\d+)\]|\.(\d+)|\.([A-Za-z]+)/g)) {
    const index = match[1] ?? match[2];
    if (index !== undefined) {
      parts.push(`${parts.length === 0 ? noun : noun.toLowerCase()} ${Number(index) + 1}`);
    } else {
      const name = match[3];
      noun = ITEM_NOUNS[name] ?? 'item';
      parts.push(words(name));
    }
  }
  return capitalize(parts.join(', '));
}

/** The API's messages of a refusal (`message` is one string or one per invalid field). */
function messagesOf(error: HttpErrorResponse): string[] {
  const body = error.error as { message?: unknown } | null;
  const message = body && typeof body === 'object' ? body.message : undefined;
  const list = Array.isArray(message) ? message : [message];
  return list.filter((text): text is string => typeof text === 'string' && text.trim() !== '');
}

/**
 * A refused save (400, 409, 422) split by the form field each of the API's messages names:
 * `name: …`, `matchers[0].value: …` or class-validator's `name must be …`. A 409 that names no
 * field goes to `conflictField` (a duplicate name). Anything else is `general`, in words.
 * `fields` are the request's field names the form shows errors beside.
 */
export function formProblems(
  error: unknown,
  fallback: string,
  fields: readonly string[],
  conflictField?: string,
): FormProblems {
  const status = error instanceof HttpErrorResponse ? error.status : 0;
  if (!(error instanceof HttpErrorResponse) || ![400, 409, 422].includes(status)) {
    return { fields: {}, general: apiErrorMessage(error, fallback) };
  }
  const known = new Set(fields);
  const found: Record<string, string> = {};
  const rest: string[] = [];
  const add = (field: string, text: string) => {
    const sentence = /[.!?]$/.test(text) ? text : `${text}.`;
    found[field] = found[field] ? `${found[field]} ${sentence}` : sentence;
  };
  for (const message of messagesOf(error)) {
    const text = message.trim();
    const labelled = /^([A-Za-z]+)((?:\[\d+\]|\.\d+|\.[A-Za-z]+)*): (.+)$/s.exec(text);
    if (labelled && known.has(labelled[1])) {
      const where = labelled[2] ? `${describeSubPath(labelled[1], labelled[2])}: ` : '';
      add(labelled[1], where + (where ? labelled[3] : capitalize(labelled[3])));
      continue;
    }
    const leading = /^([a-z][A-Za-z]*) (.+)$/s.exec(text);
    if (leading && known.has(leading[1])) {
      add(leading[1], humanizeOne(text));
      continue;
    }
    if (status === 409 && conflictField && known.has(conflictField)) {
      add(conflictField, capitalize(text));
      continue;
    }
    rest.push(text);
  }
  const named = Object.keys(found).length > 0;
  let general: string | null = null;
  if (rest.length > 0 || !named) {
    general = apiErrorMessage(
      new HttpErrorResponse({
        error: { ...(error.error as object), message: rest },
        headers: error.headers,
        status: error.status,
        statusText: error.statusText,
        url: error.url ?? undefined,
      }),
      fallback,
    );
  }
  return { fields: found, general };
}

/**
 * Puts each field's message on its control as the `server` error (shown by its `mat-error`
 * until the value changes) and answers what is left for the top of the form; when every
 * message went to a field, a line that says so (the field may be out of sight).
 */
export function showProblems(
  problems: FormProblems,
  controls: Readonly<Record<string, AbstractControl | undefined>>,
): string | null {
  let placed = 0;
  for (const [field, message] of Object.entries(problems.fields)) {
    const control = controls[field];
    if (!control) continue;
    control.setErrors({ ...(control.errors ?? {}), server: message });
    control.markAsTouched();
    placed++;
  }
  if (problems.general) return problems.general;
  return placed > 0 ? 'Hyperion refused this: see the field marked below.' : null;
}
