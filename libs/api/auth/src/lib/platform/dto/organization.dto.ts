import {
  CreateOrganizationRequest,
  ORGANIZATION_RULES,
  UpdateOrganizationRequest,
} from '@hyperion/contracts';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class CreateOrganizationDto implements CreateOrganizationRequest {
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(ORGANIZATION_RULES.nameMaxLength)
  name!: string;

  @IsString()
  @Matches(ORGANIZATION_RULES.slugPattern, {
    message: `slug must be ${ORGANIZATION_RULES.slugHint}`,
  })
  slug!: string;
}

export class UpdateOrganizationDto implements UpdateOrganizationRequest {
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(ORGANIZATION_RULES.nameMaxLength)
  name?: string;

  @IsOptional()
  @IsBoolean({ message: 'disabled must be true or false' })
  disabled?: boolean;
}
