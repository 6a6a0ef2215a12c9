import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * An optional integer query parameter within [min, max], converted from its string, with one
 * message naming the field and its range ("limit must be an integer between 1 and 200").
 */
export function OptionalQueryInteger(min: number, max: number): PropertyDecorator {
  return (target, property) => {
    const message = `${String(property)} must be an integer between ${min} and ${max}`;
    IsOptional()(target, property);
    Type(() => Number)(target, property);
    IsInt({ message })(target, property);
    Min(min, { message })(target, property);
    Max(max, { message })(target, property);
  };
}
