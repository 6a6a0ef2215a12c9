import { OptionalQueryInteger } from '@hyperion/api/core';
import type { CreatePageRequest, PageState, PageUrgency } from '@hyperion/contracts';
import { PAGE_RULES } from '@hyperion/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateBy,
} from 'class-validator';

import { MessageFieldsDto } from '../../dto/message-fields.dto';

const URGENCIES: PageUrgency[] = ['high', 'low'];
const STATES: PageState[] = ['notifying', 'acknowledged', 'exhausted'];
const DETAIL_KEY = /^[\w.-]{1,64}$/;

/** Flat details: at most 50 keys (letters, digits, `_.-`), each a string of ≤ 1,000 characters, a finite number or a boolean. */
function IsFlatDetails(): PropertyDecorator {
  return ValidateBy({
    name: 'isFlatDetails',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length <= PAGE_RULES.detailsMax &&
        Object.entries(value).every(
          ([key, v]) =>
            DETAIL_KEY.test(key) &&
            ((typeof v === 'string' && v.length <= 1000) ||
              (typeof v === 'number' && Number.isFinite(v)) ||
              typeof v === 'boolean'),
        ),
      defaultMessage: () =>
        `details: an object of at most ${PAGE_RULES.detailsMax} keys (letters, digits, _ . -), each a string of at most 1000 characters, a number or a boolean`,
    },
  });
}

/** POST /api/v1/pages: a contact, or a schedule (whoever is on call now), exactly one of them. */
export class CreatePageDto extends MessageFieldsDto implements CreatePageRequest {
  @IsOptional()
  @IsUUID('all', { message: 'contactId: a contact id (UUID)' })
  contactId?: string;

  @IsOptional()
  @IsUUID('all', { message: 'scheduleId: a schedule id (UUID)' })
  scheduleId?: string;

  @IsIn(URGENCIES, { message: `urgency: one of ${URGENCIES.join(', ')}` })
  urgency!: PageUrgency;

  @IsOptional()
  @IsString({ message: `dedupKey: 1 to ${PAGE_RULES.dedupKeyMax} printable ASCII characters` })
  @Length(1, PAGE_RULES.dedupKeyMax, {
    message: `dedupKey: 1 to ${PAGE_RULES.dedupKeyMax} printable ASCII characters`,
  })
  @Matches(PAGE_RULES.dedupKeyPattern, {
    message: `dedupKey: 1 to ${PAGE_RULES.dedupKeyMax} printable ASCII characters`,
  })
  dedupKey?: string;

  @IsOptional()
  @IsObject({ message: 'details: an object' })
  @IsFlatDetails()
  details?: Record<string, string | number | boolean>;
}

export class PageListQueryDto {
  @ApiPropertyOptional({ enum: STATES })
  @IsOptional()
  @IsIn(STATES, { message: `state must be one of ${STATES.join(', ')}` })
  state?: PageState;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @OptionalQueryInteger(1, 200)
  limit?: number;
}
