import { Type } from 'class-transformer';
import { IsOptional, ValidateBy } from 'class-validator';

/**
 * An optional integer query parameter within [min, max], converted from its string, with one
 * message naming the field and its range ("limit must be an integer between 1 and 200"): one
 * check, so `limit=x` is not reported three times (not an integer, below, above).
 */
export function OptionalQueryInteger(min: number, max: number): PropertyDecorator {
  return (target, property) => {
    const message = `${String(property)} must be an integer between ${min} and ${max}`;
    IsOptional()(target, property);
    Type(() => Number)(target, property);
    ValidateBy(
      {
        name: 'queryIntegerInRange',
        validator: {
          validate: (value: unknown) =>
            typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max,
        },
      },
      { message },
    )(target, property);
  };
}
