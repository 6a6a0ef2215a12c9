import type { CreateFileRootRequest, UpdateFileRootRequest } from '@hyperion/contracts';
import { FILE_ROOT_RULES } from '@hyperion/contracts';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

const NAME_MESSAGE = `name: ${FILE_ROOT_RULES.nameHint}`;

export class CreateFileRootDto implements CreateFileRootRequest {
  @IsString()
  @Length(1, FILE_ROOT_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(FILE_ROOT_RULES.namePattern, { message: NAME_MESSAGE })
  name!: string;
}

export class UpdateFileRootDto implements UpdateFileRootRequest {
  @IsOptional()
  @IsString()
  @Length(1, FILE_ROOT_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(FILE_ROOT_RULES.namePattern, { message: NAME_MESSAGE })
  name?: string;
}
