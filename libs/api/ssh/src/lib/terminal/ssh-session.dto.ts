import { OptionalQueryInteger } from '@hyperion/api/core';
import type {
  SshCommandSearchQuery,
  SshSessionListQuery,
  SshSessionState,
} from '@hyperion/contracts';
import { SSH_TERMINAL_RULES as R, SSH_SESSION_STATES } from '@hyperion/contracts';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

const HOST_MESSAGE = 'hostId: the id of a SSH host';
const STATE_MESSAGE = `state: one of ${SSH_SESSION_STATES.join(', ')}`;
const COMMAND_MESSAGE = `command: at most ${R.commandMaxLength} characters`;
const Q_MESSAGE = `q: at most ${R.commandMaxLength} characters`;

export class SshSessionListQueryDto implements SshSessionListQuery {
  @IsOptional()
  @IsUUID('all', { message: HOST_MESSAGE })
  hostId?: string;

  @IsOptional()
  @IsIn(SSH_SESSION_STATES, { message: STATE_MESSAGE })
  state?: SshSessionState;

  @IsOptional()
  @IsString({ message: COMMAND_MESSAGE })
  @MaxLength(R.commandMaxLength, { message: COMMAND_MESSAGE })
  command?: string;

  @OptionalQueryInteger(1, R.listLimitMax)
  limit?: number;
}

export class SshCommandSearchQueryDto implements SshCommandSearchQuery {
  @IsOptional()
  @IsString({ message: Q_MESSAGE })
  @MaxLength(R.commandMaxLength, { message: Q_MESSAGE })
  q?: string;

  @IsOptional()
  @IsUUID('all', { message: HOST_MESSAGE })
  hostId?: string;

  @OptionalQueryInteger(1, R.listLimitMax)
  limit?: number;
}

export class SshRecordingQueryDto {
  @IsOptional()
  @IsIn(['0', '1', 'true', 'false'], { message: 'download: 1 to download as a file' })
  download?: string;
}
