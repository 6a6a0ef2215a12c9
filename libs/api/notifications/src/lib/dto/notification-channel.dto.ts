import { OptionalQueryInteger } from '@hyperion/api/core';
import type {
  ChannelConfigByKind,
  ChannelSecretsByKind,
  CreateNotificationChannelDetailsRequest,
  DeliveryState,
  NotificationChannelKind,
  SendNotificationRequest,
  UpdateNotificationChannelRequest,
} from '@hyperion/contracts';
import {
  NOTIFICATION_CHANNEL_KINDS,
  NOTIFICATION_CHANNEL_RULES,
  SEND_RULES,
} from '@hyperion/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';

import { MessageFieldsDto } from './message-fields.dto';

const NAME_MESSAGE = `name: ${NOTIFICATION_CHANNEL_RULES.nameHint}`;
const KIND_MESSAGE = `kind must be one of ${NOTIFICATION_CHANNEL_KINDS.join(', ')}`;

/**
 * `POST /notification-channels`. `config` and `secrets` are checked by kind in the service
 * (channelSettingsProblems), each problem naming its field.
 */
export class CreateNotificationChannelDto implements CreateNotificationChannelDetailsRequest {
  @IsString()
  @Length(1, NOTIFICATION_CHANNEL_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(NOTIFICATION_CHANNEL_RULES.namePattern, { message: NAME_MESSAGE })
  name!: string;

  @ApiProperty({ enum: NOTIFICATION_CHANNEL_KINDS })
  @IsIn(NOTIFICATION_CHANNEL_KINDS, { message: KIND_MESSAGE })
  kind!: NotificationChannelKind;

  @IsOptional()
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled?: boolean;

  @ApiProperty({ type: 'object', additionalProperties: true })
  @IsObject({ message: 'config must be an object' })
  config!: ChannelConfigByKind[NotificationChannelKind];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject({ message: 'secrets must be an object' })
  secrets!: ChannelSecretsByKind[NotificationChannelKind];
}

const REMOVE_MESSAGE =
  'removeSecrets: a list of at most 20 secret names, e.g. botToken or secondary.apiKey';

/**
 * `PATCH /notification-channels/:id`: only the fields given change. `config` replaces the whole
 * settings; `secrets` merges (keys left out keep their value); `removeSecrets` forgets some.
 * The kind never changes.
 */
export class UpdateNotificationChannelDto implements UpdateNotificationChannelRequest {
  @IsOptional()
  @IsString()
  @Length(1, NOTIFICATION_CHANNEL_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(NOTIFICATION_CHANNEL_RULES.namePattern, { message: NAME_MESSAGE })
  name?: string;

  @IsOptional()
  @IsBoolean({ message: 'enabled must be true or false' })
  enabled?: boolean;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject({ message: 'config must be an object' })
  config?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject({ message: 'secrets must be an object' })
  secrets?: Record<string, unknown>;

  @IsOptional()
  @IsArray({ message: REMOVE_MESSAGE })
  @ArrayMaxSize(20, { message: REMOVE_MESSAGE })
  @IsString({ each: true, message: REMOVE_MESSAGE })
  @Matches(/^[A-Za-z]{1,32}(\.[A-Za-z]{1,32})?$/, { each: true, message: REMOVE_MESSAGE })
  removeSecrets?: string[];
}

const STATES: readonly DeliveryState[] = ['pending', 'delivered', 'failed'];

/** `GET /notification-deliveries?state=&channelId=&limit=`. */
export class DeliveryListQueryDto {
  @ApiPropertyOptional({ enum: STATES })
  @IsOptional()
  @IsIn(STATES, { message: `state must be one of ${STATES.join(', ')}` })
  state?: DeliveryState;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'channelId must be a UUID' })
  channelId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @OptionalQueryInteger(1, 200)
  limit?: number;
}

const RECIPIENTS_MESSAGE = `recipients: a list of at most ${SEND_RULES.recipientsMax} recipients, each 1 to ${SEND_RULES.recipientMax} characters`;
const SEND_KEY_MESSAGE = `idempotencyKey: 1 to ${SEND_RULES.idempotencyKeyMax} characters among letters, digits, ".", "_", ":" and "-"`;

/** POST /notification-channels/:id/send. */
export class SendNotificationDto extends MessageFieldsDto implements SendNotificationRequest {
  @IsOptional()
  @IsString({ message: `status: 1 to ${SEND_RULES.statusMax} characters` })
  @Length(1, SEND_RULES.statusMax, { message: `status: 1 to ${SEND_RULES.statusMax} characters` })
  status?: string;

  @IsOptional()
  @IsArray({ message: RECIPIENTS_MESSAGE })
  @ArrayMaxSize(SEND_RULES.recipientsMax, { message: RECIPIENTS_MESSAGE })
  @IsString({ each: true, message: RECIPIENTS_MESSAGE })
  @Length(1, SEND_RULES.recipientMax, { each: true, message: RECIPIENTS_MESSAGE })
  recipients?: string[];

  @IsOptional()
  @IsString({ message: SEND_KEY_MESSAGE })
  @Matches(new RegExp(`^[A-Za-z0-9._:-]{1,${SEND_RULES.idempotencyKeyMax}}$`), {
    message: SEND_KEY_MESSAGE,
  })
  idempotencyKey?: string;
}
