import { OptionalQueryInteger } from '@hyperion/api/core';
import type {
  CreateSshHostRequest,
  SshAuthMethod,
  SshExecRequest,
  SshHostClearable,
  SshHostKeyRequest,
  UpdateSshHostRequest,
} from '@hyperion/contracts';
import {
  SSH_HOST_RULES as R,
  SSH_AUTH_METHODS,
  SSH_EXEC_RULES,
  SSH_HOST_CLEARABLE,
} from '@hyperion/contracts';
import { PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

const NAME_MESSAGE = `name: ${R.nameHint}`;
const ADDRESS_MESSAGE = `address: ${R.addressHint}`;
const PORT_MESSAGE = 'port: a whole number from 1 to 65535';
const USERNAME_MESSAGE = `username: ${R.usernameHint}`;
const AUTH_MESSAGE = `authMethod: one of ${SSH_AUTH_METHODS.join(', ')}`;
const KEY_MESSAGE = `privateKey: a PEM or OpenSSH private key of at most ${R.privateKeyMaxLength} characters`;
const PASSPHRASE_MESSAGE = `passphrase: at most ${R.passphraseMaxLength} characters`;
const PASSWORD_MESSAGE = `password: 1 to ${R.passwordMaxLength} characters`;
const JUMP_MESSAGE = 'jumpHostId: the id of another SSH host (clear it to connect directly)';
const TAGS_MESSAGE = `tags: at most ${R.tagsMax} tags of letters, digits, "_", ".", ":" or "-" (at most 32 characters each)`;
const FINGERPRINT_MESSAGE = `fingerprint: ${R.fingerprintHint}`;

/** The fields create and update share; create makes some of them required. */
class SshHostFieldsDto {
  @IsString({ message: NAME_MESSAGE })
  @Length(1, R.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(R.namePattern, { message: NAME_MESSAGE })
  name!: string;

  @IsString({ message: ADDRESS_MESSAGE })
  @Length(1, R.addressMaxLength, { message: ADDRESS_MESSAGE })
  @Matches(R.addressPattern, { message: ADDRESS_MESSAGE })
  address!: string;

  @IsOptional()
  @IsInt({ message: PORT_MESSAGE })
  @Min(1, { message: PORT_MESSAGE })
  @Max(65535, { message: PORT_MESSAGE })
  port?: number;

  @IsString({ message: USERNAME_MESSAGE })
  @Matches(R.usernamePattern, { message: USERNAME_MESSAGE })
  username!: string;

  @IsIn(SSH_AUTH_METHODS, { message: AUTH_MESSAGE })
  authMethod!: SshAuthMethod;

  @IsOptional()
  @IsString({ message: KEY_MESSAGE })
  @Length(1, R.privateKeyMaxLength, { message: KEY_MESSAGE })
  privateKey?: string;

  @IsOptional()
  @IsString({ message: PASSPHRASE_MESSAGE })
  @MaxLength(R.passphraseMaxLength, { message: PASSPHRASE_MESSAGE })
  passphrase?: string;

  @IsOptional()
  @IsString({ message: PASSWORD_MESSAGE })
  @Length(1, R.passwordMaxLength, { message: PASSWORD_MESSAGE })
  password?: string;

  @IsOptional()
  @IsUUID('all', { message: JUMP_MESSAGE })
  jumpHostId?: string;

  @IsOptional()
  @IsArray({ message: TAGS_MESSAGE })
  @ArrayMaxSize(R.tagsMax, { message: TAGS_MESSAGE })
  @IsString({ each: true, message: TAGS_MESSAGE })
  @Matches(R.tagPattern, { each: true, message: TAGS_MESSAGE })
  tags?: string[];
}

export class CreateSshHostDto extends SshHostFieldsDto implements CreateSshHostRequest {}

/** Every field optional (PartialType marks each optional, keeping its checks when given). */
const CLEAR_MESSAGE = `clear: a list among ${SSH_HOST_CLEARABLE.join(', ')}`;

export class UpdateSshHostDto
  extends PartialType(SshHostFieldsDto)
  implements UpdateSshHostRequest
{
  @IsOptional()
  @IsArray({ message: CLEAR_MESSAGE })
  @IsIn(SSH_HOST_CLEARABLE, { each: true, message: CLEAR_MESSAGE })
  clear?: SshHostClearable[];
}

export class SshHostKeyDto implements SshHostKeyRequest {
  @IsString({ message: FINGERPRINT_MESSAGE })
  @Matches(R.fingerprintPattern, { message: FINGERPRINT_MESSAGE })
  fingerprint!: string;
}

const COMMAND_MESSAGE = `command: 1 to ${SSH_EXEC_RULES.commandMaxLength} characters`;
const TIMEOUT_MESSAGE = `timeoutSeconds: a whole number from ${SSH_EXEC_RULES.timeoutMin} to ${SSH_EXEC_RULES.timeoutMax}`;
const OUTPUT_MESSAGE = `maxOutputBytes: a whole number from ${SSH_EXEC_RULES.maxOutputMin} to ${SSH_EXEC_RULES.maxOutputMax}`;

export class SshExecDto implements SshExecRequest {
  @IsString({ message: COMMAND_MESSAGE })
  @MinLength(1, { message: COMMAND_MESSAGE })
  @MaxLength(SSH_EXEC_RULES.commandMaxLength, { message: COMMAND_MESSAGE })
  command!: string;

  @IsOptional()
  @IsInt({ message: TIMEOUT_MESSAGE })
  @Min(SSH_EXEC_RULES.timeoutMin, { message: TIMEOUT_MESSAGE })
  @Max(SSH_EXEC_RULES.timeoutMax, { message: TIMEOUT_MESSAGE })
  timeoutSeconds?: number;

  @IsOptional()
  @IsInt({ message: OUTPUT_MESSAGE })
  @Min(SSH_EXEC_RULES.maxOutputMin, { message: OUTPUT_MESSAGE })
  @Max(SSH_EXEC_RULES.maxOutputMax, { message: OUTPUT_MESSAGE })
  maxOutputBytes?: number;
}

export class SshExecListQueryDto {
  @OptionalQueryInteger(1, SSH_EXEC_RULES.listLimitMax)
  limit?: number;
}
