import type {
  CreateFileRootRequest,
  FileRootKind,
  UpdateFileRootRequest,
} from '@hyperion/contracts';
import { FILE_ROOT_KINDS, FILE_ROOT_RULES } from '@hyperion/contracts';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Min,
} from 'class-validator';

const NAME_MESSAGE = `name: ${FILE_ROOT_RULES.nameHint}`;
const PATH_MESSAGE = `path: ${FILE_ROOT_RULES.pathHint}`;
const MAX_UPLOAD_MESSAGE = 'maxUploadBytes must be a whole number of bytes, at least 1';
const CLEARABLE = ['maxUploadBytes'] as const;
const ROLES_MESSAGE = `allowedRoles: at most ${FILE_ROOT_RULES.allowedRolesMax} role names of 1 to ${FILE_ROOT_RULES.roleNameMaxLength} characters`;

export class CreateFileRootDto implements CreateFileRootRequest {
  @IsString()
  @Length(1, FILE_ROOT_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(FILE_ROOT_RULES.namePattern, { message: NAME_MESSAGE })
  name!: string;

  @IsIn(FILE_ROOT_KINDS, { message: `kind must be one of ${FILE_ROOT_KINDS.join(', ')}` })
  kind!: FileRootKind;

  @IsString({ message: PATH_MESSAGE })
  @Length(1, FILE_ROOT_RULES.pathMaxLength, { message: PATH_MESSAGE })
  @Matches(FILE_ROOT_RULES.pathPattern, { message: PATH_MESSAGE })
  path!: string;

  @IsOptional()
  @IsUUID('all', { message: 'sshHostId must be the id (UUID) of an SSH host' })
  sshHostId?: string;

  @IsOptional()
  @IsInt({ message: MAX_UPLOAD_MESSAGE })
  @Min(1, { message: MAX_UPLOAD_MESSAGE })
  maxUploadBytes?: number;

  @IsOptional()
  @IsBoolean({ message: 'readOnly must be true or false' })
  readOnly?: boolean;

  @IsOptional()
  @IsArray({ message: ROLES_MESSAGE })
  @ArrayMaxSize(FILE_ROOT_RULES.allowedRolesMax, { message: ROLES_MESSAGE })
  @IsString({ each: true, message: ROLES_MESSAGE })
  @Length(1, FILE_ROOT_RULES.roleNameMaxLength, { each: true, message: ROLES_MESSAGE })
  allowedRoles?: string[];
}

export class UpdateFileRootDto implements UpdateFileRootRequest {
  @IsOptional()
  @IsString()
  @Length(1, FILE_ROOT_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(FILE_ROOT_RULES.namePattern, { message: NAME_MESSAGE })
  name?: string;

  @IsOptional()
  @IsString({ message: PATH_MESSAGE })
  @Length(1, FILE_ROOT_RULES.pathMaxLength, { message: PATH_MESSAGE })
  @Matches(FILE_ROOT_RULES.pathPattern, { message: PATH_MESSAGE })
  path?: string;

  @IsOptional()
  @IsInt({ message: MAX_UPLOAD_MESSAGE })
  @Min(1, { message: MAX_UPLOAD_MESSAGE })
  maxUploadBytes?: number;

  @IsOptional()
  @IsBoolean({ message: 'readOnly must be true or false' })
  readOnly?: boolean;

  @IsOptional()
  @IsArray({ message: ROLES_MESSAGE })
  @ArrayMaxSize(FILE_ROOT_RULES.allowedRolesMax, { message: ROLES_MESSAGE })
  @IsString({ each: true, message: ROLES_MESSAGE })
  @Length(1, FILE_ROOT_RULES.roleNameMaxLength, { each: true, message: ROLES_MESSAGE })
  allowedRoles?: string[];

  @IsOptional()
  @IsArray({ message: `clear must be a list of: ${CLEARABLE.join(', ')}` })
  @IsIn(CLEARABLE, { each: true, message: `clear must be a list of: ${CLEARABLE.join(', ')}` })
  clear?: 'maxUploadBytes'[];
}
