import type { CreateRoleRequest, Permission, UpdateRoleRequest } from '@hyperion/contracts';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

import { ROLE_NAME } from '../permissions';

export class CreateRoleDto implements CreateRoleRequest {
  @IsString()
  @MaxLength(64)
  @Matches(ROLE_NAME, {
    message:
      'name must start with a lowercase letter, then 1 to 63 lowercase letters, digits, "_" or "-"',
  })
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  description?: string;

  /** Checked against PERMISSIONS by the service, which names an unknown one. */
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  permissions!: Permission[];
}

/** `PATCH /roles/:id` (custom roles): what is given replaces what the role had. */
export class UpdateRoleDto implements UpdateRoleRequest {
  @IsOptional()
  @IsString()
  @MaxLength(256)
  description?: string;

  /** Checked against PERMISSIONS by the service, which names an unknown one. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  permissions?: Permission[];
}
