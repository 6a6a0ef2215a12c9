import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

/**
 * Composed class-validator decorators of the incident DTOs: each gives one message that names
 * its field (`title: 1 to 200 characters …`). In a nested object the app's ValidationPipe puts
 * the path in front (`reproductionSteps.0.action: …`).
 */

type Decorate = (target: object, property: string | symbol) => void;

const apply =
  (...decorators: Decorate[]): PropertyDecorator =>
  (target, property) => {
    for (const decorate of decorators) decorate(target, property);
  };

/** A string of `min` to `max` characters (optionally matching `pattern`). */
export function Text(
  field: string,
  max: number,
  options: { optional?: boolean; min?: number; pattern?: RegExp; hint?: string } = {},
): PropertyDecorator {
  const min = options.min ?? 1;
  const message = `${field}: ${options.hint ?? (min > 0 ? `${min} to ${max} characters` : `at most ${max} characters`)}`;
  return apply(
    ...(options.optional ? [IsOptional()] : []),
    IsString({ message }),
    Length(min, max, { message }),
    ...(options.pattern ? [Matches(options.pattern, { message })] : []),
  );
}

/** One of `values`. */
export function OneOf(
  field: string,
  values: readonly string[],
  options: { optional?: boolean } = {},
): PropertyDecorator {
  return apply(
    ...(options.optional ? [IsOptional()] : []),
    IsIn(values, { message: `${field}: one of ${values.join(', ')}` }),
  );
}

/** A UUID (a user, a service …). */
export function Id(field: string, what: string, options: { optional?: boolean } = {}) {
  return apply(
    ...(options.optional ? [IsOptional()] : []),
    IsUUID('all', { message: `${field}: ${what} (UUID)` }),
  );
}

/** Date and time, ISO 8601 with a time and an offset (`2026-03-01T09:30:00Z`). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

export function DateTime(field: string, options: { optional?: boolean } = {}) {
  const message = `${field}: an ISO 8601 date and time, e.g. 2026-03-01T09:30:00Z`;
  return apply(
    ...(options.optional ? [IsOptional()] : []),
    IsString({ message }),
    Matches(DATE_TIME, { message }),
    IsISO8601({ strict: true }, { message }),
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
    ...(options.optional ? [IsOptional()] : []),
    IsObject({ message }),
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
  const message = `${field}: a list of at most ${max} ${what}`;
  return apply(
    ...(options.optional ? [IsOptional()] : []),
    IsArray({ message }),
    ArrayMaxSize(max, { message }),
    // Nest names the list in front (`reproductionSteps.*: …`); not the index of the item.
    ValidateNested({ each: true, message: `*: each of the ${what} must be an object` }),
    Type(type),
  );
}

/** A list of at most `max` distinct strings of 1 to `length` characters. */
export function TextList(
  field: string,
  max: number,
  length: number,
  options: { optional?: boolean; pattern?: RegExp } = {},
) {
  const message = `${field}: a list of at most ${max} distinct texts of 1 to ${length} characters`;
  return apply(
    ...(options.optional ? [IsOptional()] : []),
    IsArray({ message }),
    ArrayMaxSize(max, { message }),
    ArrayUnique({ message }),
    IsString({ each: true, message }),
    Length(1, length, { each: true, message }),
    ...(options.pattern ? [Matches(options.pattern, { each: true, message })] : []),
  );
}

const VERSION = 'version: the version you read (a whole number from 1)';

/** The version read: a stale one answers 409. */
export function Version(options: { optional?: boolean } = {}): PropertyDecorator {
  return apply(
    ...(options.optional ? [IsOptional()] : []),
    IsInt({ message: VERSION }),
    Min(1, { message: VERSION }),
    Max(2_147_483_647, { message: VERSION }),
  );
}
