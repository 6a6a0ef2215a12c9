import { OptionalQueryInteger } from '@hyperion/api/core';
import type {
  CreateHostRequest,
  HostClearable,
  HostKind,
  HostListQuery,
  HostResolution,
  HostSamplesQuery,
  HostThresholdsRequest,
  UpdateHostRequest,
} from '@hyperion/contracts';
import { HOST_CLEARABLE, HOST_KINDS, HOST_RESOLUTIONS, HOST_RULES } from '@hyperion/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

const R = HOST_RULES;
const NAME_MESSAGE = `name: ${R.nameHint}`;
const KIND_MESSAGE = `kind: one of ${HOST_KINDS.join(', ')}`;
const URL_MESSAGE = `url: the http:// or https:// URL of a node_exporter's /metrics (at most ${R.urlMaxLength} characters)`;
const TOKEN_MESSAGE = `token: 1 to ${R.tokenMaxLength} visible characters without spaces`;
const INTERVAL_MESSAGE = `intervalSeconds: a whole number from ${R.intervalMin} to ${R.intervalMax}`;
const TAGS_MESSAGE = `tags: at most ${R.tagsMax} tags of letters, digits, "_", ".", ":" or "-" (at most 32 characters each)`;
const percentMessage = (field: string) =>
  `${field}: a whole percentage from ${R.thresholdMin} to ${R.thresholdMax}`;
const CLEAR_MESSAGE = `clear: a list among ${HOST_CLEARABLE.join(', ')}`;
const FOR_MESSAGE = `forSeconds: a whole number of seconds from 0 to ${R.forSecondsMax}`;
const DATE_MESSAGE = (field: string) =>
  `${field}: an ISO 8601 date and time, e.g. 2026-03-01T09:30:00Z`;
/** Date and time with an offset: a bare date would be read in the server's time zone. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** Percent limits and how long a figure must stay above one; each optional. */
export class HostThresholdsDto implements HostThresholdsRequest {
  @IsOptional()
  @IsInt({ message: percentMessage('cpuPercent') })
  @Min(R.thresholdMin, { message: percentMessage('cpuPercent') })
  @Max(R.thresholdMax, { message: percentMessage('cpuPercent') })
  cpuPercent?: number;

  @IsOptional()
  @IsInt({ message: percentMessage('memoryPercent') })
  @Min(R.thresholdMin, { message: percentMessage('memoryPercent') })
  @Max(R.thresholdMax, { message: percentMessage('memoryPercent') })
  memoryPercent?: number;

  @IsOptional()
  @IsInt({ message: percentMessage('diskPercent') })
  @Min(R.thresholdMin, { message: percentMessage('diskPercent') })
  @Max(R.thresholdMax, { message: percentMessage('diskPercent') })
  diskPercent?: number;

  @IsOptional()
  @IsInt({ message: FOR_MESSAGE })
  @Min(0, { message: FOR_MESSAGE })
  @Max(R.forSecondsMax, { message: FOR_MESSAGE })
  forSeconds?: number;
}

/** The fields create and update share (URL rules beyond the text are checked by the service). */
class HostSettingsDto {
  @IsOptional()
  @IsString({ message: URL_MESSAGE })
  @Length(1, R.urlMaxLength, { message: URL_MESSAGE })
  url?: string;

  @IsOptional()
  @IsString({ message: TOKEN_MESSAGE })
  @Length(1, R.tokenMaxLength, { message: TOKEN_MESSAGE })
  @Matches(R.tokenPattern, { message: TOKEN_MESSAGE })
  token?: string;

  @IsOptional()
  @IsInt({ message: INTERVAL_MESSAGE })
  @Min(R.intervalMin, { message: INTERVAL_MESSAGE })
  @Max(R.intervalMax, { message: INTERVAL_MESSAGE })
  intervalSeconds?: number;

  @IsOptional()
  @IsBoolean({ message: 'enabled: true or false' })
  enabled?: boolean;

  @IsOptional()
  @IsArray({ message: TAGS_MESSAGE })
  @ArrayMaxSize(R.tagsMax, { message: TAGS_MESSAGE })
  @IsString({ each: true, message: TAGS_MESSAGE })
  @Matches(R.tagPattern, { each: true, message: TAGS_MESSAGE })
  tags?: string[];

  @IsOptional()
  @IsObject({
    message: 'thresholds: an object of cpuPercent, memoryPercent, diskPercent, forSeconds',
  })
  @ValidateNested()
  @Type(() => HostThresholdsDto)
  thresholds?: HostThresholdsDto;
}

export class CreateHostDto extends HostSettingsDto implements CreateHostRequest {
  @IsString({ message: NAME_MESSAGE })
  @Length(1, R.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(R.namePattern, { message: NAME_MESSAGE })
  name!: string;

  @IsIn(HOST_KINDS, { message: KIND_MESSAGE })
  kind!: HostKind;
}

export class UpdateHostDto extends HostSettingsDto implements UpdateHostRequest {
  @IsOptional()
  @IsString({ message: NAME_MESSAGE })
  @Length(1, R.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(R.namePattern, { message: NAME_MESSAGE })
  name?: string;

  @IsOptional()
  @IsArray({ message: CLEAR_MESSAGE })
  @IsIn(HOST_CLEARABLE, { each: true, message: CLEAR_MESSAGE })
  clear?: HostClearable[];
}

/** `?cursor=&limit=` of the host list. */
export class HostListQueryDto implements HostListQuery {
  @IsOptional()
  @IsString({ message: 'cursor: the nextCursor of the previous page' })
  @Length(1, 512, { message: 'cursor: the nextCursor of the previous page' })
  cursor?: string;

  @OptionalQueryInteger(1, R.listLimitMax)
  limit?: number;
}

/** `?from=&to=&resolution=` of a host's history. */
export class HostSamplesQueryDto implements HostSamplesQuery {
  @IsOptional()
  @Matches(DATE_TIME, { message: DATE_MESSAGE('from') })
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE('from') })
  from?: string;

  @IsOptional()
  @Matches(DATE_TIME, { message: DATE_MESSAGE('to') })
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE('to') })
  to?: string;

  @IsOptional()
  @IsIn(['auto', ...HOST_RESOLUTIONS], {
    message: `resolution: one of auto, ${HOST_RESOLUTIONS.join(', ')}`,
  })
  resolution?: HostResolution | 'auto';
}
