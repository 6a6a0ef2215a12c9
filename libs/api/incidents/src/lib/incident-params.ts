import { BadRequestException, Injectable, ParseUUIDPipe, PipeTransform } from '@nestjs/common';

/** A path parameter that must be one of `values` (400 naming it otherwise). */
@Injectable()
export class ParseOneOfPipe<T extends string> implements PipeTransform<string, T> {
  constructor(
    private readonly name: string,
    private readonly values: readonly T[],
  ) {}

  transform(value: string): T {
    if (!(this.values as readonly string[]).includes(value)) {
      throw new BadRequestException(`${this.name}: one of ${this.values.join(', ')}`);
    }
    return value as T;
  }
}

/** A UUID path parameter (400 naming it otherwise: `id must be a UUID`). */
export const uuidParam = (name: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException(`${name} must be a UUID`) });
