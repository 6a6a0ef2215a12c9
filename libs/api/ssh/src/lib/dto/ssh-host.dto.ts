import type { CreateSshHostRequest, UpdateSshHostRequest } from '@hyperion/contracts';
import { SSH_HOST_RULES } from '@hyperion/contracts';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

const NAME_MESSAGE = `name: ${SSH_HOST_RULES.nameHint}`;

export class CreateSshHostDto implements CreateSshHostRequest {
  @IsString()
  @Length(1, SSH_HOST_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(SSH_HOST_RULES.namePattern, { message: NAME_MESSAGE })
  name!: string;
}

export class UpdateSshHostDto implements UpdateSshHostRequest {
  @IsOptional()
  @IsString()
  @Length(1, SSH_HOST_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(SSH_HOST_RULES.namePattern, { message: NAME_MESSAGE })
  name?: string;
}
