import type { CreateApiKeyRequest, Permission } from '@hyperion/contracts';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class CreateApiKeyDto implements CreateApiKeyRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  name!: string;

  /** Checked against PERMISSIONS by the service, which names an unknown one. */
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  permissions!: Permission[];
}
