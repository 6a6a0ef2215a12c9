import { apiErrorMessage, errorStatus } from '@hyperion/web/util';

/** A refused request: the messages that name one of a form's fields, and the rest. */
export interface FieldProblems {
  /** `field → the API's explanation`, shown under that field. */
  fields: Readonly<Record<string, string>>;
  /** What concerns no field (or the whole request), shown above the form; null when none. */
  general: string | null;
}

/** The API's messages of a 400 (`<field>: <why>`, a string or a list of them). */
function badRequestMessages(error: unknown): string[] {
  const body = (error as { error?: { message?: unknown } } | null)?.error;
  const message = body?.message;
  const list = Array.isArray(message) ? message : [message];
  return list.filter((text): text is string => typeof text === 'string');
}

/**
 * Sorts the API's answer to a refused change: a 400 or 409 message starting with one of
 * `fields` (`slug: …`) goes next to that field; anything else is said in general, in words a
 * person can act on.
 */
export function fieldProblems(
  error: unknown,
  fields: readonly string[],
  fallback: string,
): FieldProblems {
  const status = errorStatus(error);
  const found: Record<string, string> = {};
  if (status === 400 || status === 409) {
    for (const text of badRequestMessages(error)) {
      const match = /^([A-Za-z.]+)\s*:\s*(.+)$/s.exec(text.trim());
      const field = match?.[1];
      if (match && field && fields.includes(field) && !found[field]) found[field] = match[2];
    }
  }
  const named = Object.keys(found).length > 0;
  return {
    fields: found,
    general: named ? null : apiErrorMessage(error, fallback),
  };
}
