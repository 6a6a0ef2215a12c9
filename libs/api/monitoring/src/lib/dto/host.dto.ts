import type { CreateHostRequest, UpdateHostRequest } from '@hyperion/contracts';
import { HOST_RULES } from '@hyperion/contracts';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

const NAME_MESSAGE = `name: ${HOST_RULES.nameHint}`;

export class CreateHostDto implements CreateHostRequest {
  @IsString()
  @Length(1, HOST_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(HOST_RULES.namePattern, { message: NAME_MESSAGE })
  name!: string;
}

export class UpdateHostDto implements UpdateHostRequest {
  @IsOptional()
  @IsString()
  @Length(1, HOST_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(HOST_RULES.namePattern, { message: NAME_MESSAGE })
  name?: string;
}
