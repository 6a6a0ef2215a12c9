import { Type } from 'class-transformer';
import {
  isISO8601,
  IsOptional,
  IsUUID,
  ValidateBy,
  ValidateNested,
  ValidationArguments,
} from 'class-validator';

/**
 * Composed class-validator decorators of the incident DTOs: each checks its whole rule at once
 * and gives one message that names its field (`title: 1 to 200 characters …`), so a bad value
 * is named once, not once per constraint it breaks. In a nested object the app's ValidationPipe
 * puts the path in front (`reproductionSteps.0.action: …`).
 */

type Decorate = (target: object, property: string | symbol) => void;

const apply =
  (...decorators: Decorate[]): PropertyDecorator =>
  (target, property) => {
    for (const decorate of decorators) decorate(target, property);
  };

const optional = (options: { optional?: boolean }) => (options.optional ? [IsOptional()] : []);

/** One rule, one message (a text, or made from the value refused). */
export function Rule(
  name: string,
  test: (value: unknown) => boolean,
  message: string | ((value: unknown) => string),
): PropertyDecorator {
  return ValidateBy({
    name,
    validator: {
      validate: (value: unknown) => test(value),
      defaultMessage: (args?: ValidationArguments) =>
        typeof message === 'string' ? message : message(args?.value),
    },
  });
}

const isText = (value: unknown, min: number, max: number, pattern?: RegExp): value is string =>
  typeof value === 'string' &&
  value.length >= min &&
  value.length <= max &&
  (!pattern || pattern.test(value));

/** A string of `min` to `max` characters (optionally matching `pattern`). */
export function Text(
  field: string,
  max: number,
  options: { optional?: boolean; min?: number; pattern?: RegExp; hint?: string } = {},
): PropertyDecorator {
  const min = options.min ?? 1;
  const message = `${field}: ${options.hint ?? (min > 0 ? `${min} to ${max} characters` : `at most ${max} characters`)}`;
  return apply(
    ...optional(options),
    Rule('text', (value) => isText(value, min, max, options.pattern), message),
  );
}

/** One of `values`. */
export function OneOf(
  field: string,
  values: readonly string[],
  options: { optional?: boolean } = {},
): PropertyDecorator {
  return apply(
    ...optional(options),
    Rule(
      'oneOf',
      (value) => typeof value === 'string' && values.includes(value),
      `${field}: one of ${values.join(', ')}`,
    ),
  );
}

/** A UUID (a user, a service …). */
export function Id(field: string, what: string, options: { optional?: boolean } = {}) {
  return apply(...optional(options), IsUUID('all', { message: `${field}: ${what} (UUID)` }));
}

/** Date and time, ISO 8601 with a time and an offset (`2026-03-01T09:30:00Z`). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

export const isDateTime = (value: unknown): value is string =>
  typeof value === 'string' && DATE_TIME.test(value) && isISO8601(value, { strict: true });

export function DateTime(field: string, options: { optional?: boolean } = {}) {
  return apply(
    ...optional(options),
    Rule('dateTime', isDateTime, `${field}: an ISO 8601 date and time, e.g. 2026-03-01T09:30:00Z`),
  );
}

/** A nested object of class `type`. */
export function Nested(
  field: string,
  type: () => new () => object,
  shape: string,
  options: { optional?: boolean } = {},
) {
  const message = `${field}: an object ${shape}`;
  return apply(
    ...optional(options),
    // ValidateNested refuses what is not an object (with this message); a list is refused here.
    Rule('notList', (value) => !Array.isArray(value), message),
    ValidateNested({ message }),
    Type(type),
  );
}

/** A list of at most `max` objects of class `type`. */
export function NestedList(
  field: string,
  type: () => new () => object,
  max: number,
  what: string,
  options: { optional?: boolean } = {},
) {
  return apply(
    ...optional(options),
    Rule(
      'list',
      (value) => Array.isArray(value) && value.length <= max,
      `${field}: a list of at most ${max} ${what}`,
    ),
    // Nest names the list in front (`reproductionSteps.*: …`); not the index of the item.
    ValidateNested({ each: true, message: `*: each of the ${what} must be an object` }),
    Type(type),
  );
}

const distinctList = (value: unknown, max: number): value is unknown[] =>
  Array.isArray(value) && value.length <= max && new Set(value).size === value.length;

/** A list of at most `max` distinct strings of 1 to `length` characters. */
export function TextList(
  field: string,
  max: number,
  length: number,
  options: { optional?: boolean; pattern?: RegExp } = {},
) {
  return apply(
    ...optional(options),
    Rule(
      'textList',
      (value) =>
        distinctList(value, max) && value.every((v) => isText(v, 1, length, options.pattern)),
      `${field}: a list of at most ${max} distinct texts of 1 to ${length} characters`,
    ),
  );
}

/** A list of distinct values among `values` (at most `max`; all of them by default). */
export function ListOf(
  field: string,
  values: readonly string[],
  options: { optional?: boolean; max?: number; what?: string } = {},
) {
  const max = options.max ?? values.length;
  return apply(
    ...optional(options),
    Rule(
      'listOf',
      (value) =>
        distinctList(value, max) && value.every((v) => typeof v === 'string' && values.includes(v)),
      `${field}: distinct ${options.what ?? 'values'} among ${values.join(', ')}`,
    ),
  );
}

/** A whole number from `min` to `max` (one message). */
export function WholeNumber(
  min: number,
  max: number,
  message: string,
  options: { optional?: boolean } = {},
) {
  return apply(
    ...optional(options),
    Rule(
      'wholeNumber',
      (value) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max,
      message,
    ),
  );
}

/** The version read: a stale one answers 409. */
export function Version(options: { optional?: boolean } = {}): PropertyDecorator {
  return WholeNumber(1, 2_147_483_647, 'version: the version you read (a whole number from 1)', {
    optional: options.optional,
  });
}
