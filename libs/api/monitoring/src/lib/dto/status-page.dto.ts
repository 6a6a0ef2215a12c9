import type { CreateStatusPageRequest, UpdateStatusPageRequest } from '@hyperion/contracts';
import { STATUS_PAGE_RULES } from '@hyperion/contracts';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

const NAME_MESSAGE = `name: ${STATUS_PAGE_RULES.nameHint}`;

export class CreateStatusPageDto implements CreateStatusPageRequest {
  @IsString()
  @Length(1, STATUS_PAGE_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(STATUS_PAGE_RULES.namePattern, { message: NAME_MESSAGE })
  name!: string;
}

export class UpdateStatusPageDto implements UpdateStatusPageRequest {
  @IsOptional()
  @IsString()
  @Length(1, STATUS_PAGE_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(STATUS_PAGE_RULES.namePattern, { message: NAME_MESSAGE })
  name?: string;
}
