import { OptionalQueryInteger } from '@hyperion/api/core';
import type {
  CreateMonitorRequest,
  MonitorKind,
  MonitorListQuery,
  MonitorListSort,
  MonitorState,
  MonitorTarget,
  UpdateMonitorRequest,
} from '@hyperion/contracts';
import {
  MONITOR_CLEARABLE,
  MONITOR_CREATE_CLEARABLE,
  MONITOR_KINDS,
  MONITOR_LIST_SORTS,
  MONITOR_RULES,
  MONITOR_STATES,
} from '@hyperion/contracts';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const NAME_MESSAGE = `name: ${MONITOR_RULES.nameHint}`;
const KIND_MESSAGE = `kind: one of ${MONITOR_KINDS.join(', ')}`;
const INTERVAL_MESSAGE = `intervalSeconds: a whole number from ${MONITOR_RULES.intervalMin} to ${MONITOR_RULES.intervalMax}`;
const TIMEOUT_MESSAGE = `timeoutSeconds: a whole number from ${MONITOR_RULES.timeoutMin} to ${MONITOR_RULES.timeoutMax}`;
const RETRIES_MESSAGE = `retries: a whole number from 0 to ${MONITOR_RULES.retriesMax}`;
const GROUP_HINT = `1 to ${MONITOR_RULES.groupMaxLength} characters on one line`;
const GROUP_MESSAGE = `groupName: ${GROUP_HINT}`;
const TAG_HINT = `letters, digits, "_", ".", ":" or "-" (at most ${MONITOR_RULES.tagMaxLength} characters)`;
const TAGS_MESSAGE = `tags: at most ${MONITOR_RULES.tagsMax} tags of ${TAG_HINT}`;
const SEARCH_MESSAGE = `q: a text of at most ${MONITOR_RULES.searchMaxLength} characters`;
const THRESHOLD_MESSAGE = `responseTimeThresholdMs: a whole number of milliseconds from ${MONITOR_RULES.responseTimeThresholdMin} to the timeout (clear it to switch it off)`;
const CLEARABLE = MONITOR_CLEARABLE;
const CREATE_CLEARABLE = MONITOR_CREATE_CLEARABLE;

/** The fields create and update share (the target is checked for its kind by the service). */
class MonitorSettingsDto {
  @IsOptional()
  @IsInt({ message: INTERVAL_MESSAGE })
  @Min(MONITOR_RULES.intervalMin, { message: INTERVAL_MESSAGE })
  @Max(MONITOR_RULES.intervalMax, { message: INTERVAL_MESSAGE })
  intervalSeconds?: number;

  @IsOptional()
  @IsInt({ message: TIMEOUT_MESSAGE })
  @Min(MONITOR_RULES.timeoutMin, { message: TIMEOUT_MESSAGE })
  @Max(MONITOR_RULES.timeoutMax, { message: TIMEOUT_MESSAGE })
  timeoutSeconds?: number;

  @IsOptional()
  @IsInt({ message: RETRIES_MESSAGE })
  @Min(0, { message: RETRIES_MESSAGE })
  @Max(MONITOR_RULES.retriesMax, { message: RETRIES_MESSAGE })
  retries?: number;

  @IsOptional()
  @IsBoolean({ message: 'enabled: true or false' })
  enabled?: boolean;

  @IsOptional()
  @IsUUID('all', { message: 'serviceId: the id of a service' })
  serviceId?: string;

  @IsOptional()
  @IsString({ message: GROUP_MESSAGE })
  @Length(1, MONITOR_RULES.groupMaxLength, { message: GROUP_MESSAGE })
  @Matches(MONITOR_RULES.namePattern, { message: GROUP_MESSAGE })
  groupName?: string;

  @IsOptional()
  @IsArray({ message: TAGS_MESSAGE })
  @ArrayMaxSize(MONITOR_RULES.tagsMax, { message: TAGS_MESSAGE })
  @IsString({ each: true, message: TAGS_MESSAGE })
  @Matches(MONITOR_RULES.tagPattern, { each: true, message: TAGS_MESSAGE })
  tags?: string[];

  /** The kind and the timeout are checked by the service (`clear` switches it off). */
  @IsOptional()
  @IsInt({ message: THRESHOLD_MESSAGE })
  @Min(MONITOR_RULES.responseTimeThresholdMin, { message: THRESHOLD_MESSAGE })
  @Max(MONITOR_RULES.responseTimeThresholdMax, { message: THRESHOLD_MESSAGE })
  responseTimeThresholdMs?: number;
}

export class CreateMonitorDto extends MonitorSettingsDto implements CreateMonitorRequest {
  @IsString({ message: NAME_MESSAGE })
  @Length(1, MONITOR_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(MONITOR_RULES.namePattern, { message: NAME_MESSAGE })
  name!: string;

  @IsIn(MONITOR_KINDS, { message: KIND_MESSAGE })
  kind!: MonitorKind;

  @IsObject({ message: 'target: an object with the fields of the monitor kind' })
  target!: MonitorTarget;

  @IsOptional()
  @IsArray({ message: `clear: a list among ${CREATE_CLEARABLE.join(', ')}` })
  @IsIn(CREATE_CLEARABLE, {
    each: true,
    message: `clear: a list among ${CREATE_CLEARABLE.join(', ')}`,
  })
  clear?: (typeof CREATE_CLEARABLE)[number][];
}

export class UpdateMonitorDto extends MonitorSettingsDto implements UpdateMonitorRequest {
  @IsOptional()
  @IsString({ message: NAME_MESSAGE })
  @Length(1, MONITOR_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(MONITOR_RULES.namePattern, { message: NAME_MESSAGE })
  name?: string;

  @IsOptional()
  @IsObject({ message: 'target: an object with the fields of the monitor kind' })
  target?: MonitorTarget;

  @IsOptional()
  @IsArray({ message: `clear: a list among ${CLEARABLE.join(', ')}` })
  @IsIn(CLEARABLE, { each: true, message: `clear: a list among ${CLEARABLE.join(', ')}` })
  clear?: (typeof CLEARABLE)[number][];
}

/** `?limit=` of the results list. */
export class MonitorResultsQueryDto {
  @OptionalQueryInteger(1, MONITOR_RULES.resultsLimitMax)
  limit?: number;
}

/**
 * `?q=&state=&kind=&group=&tag=&sort=&limit=&offset=` of the monitors list: each bad value is a
 * 400 naming its parameter (a repeated parameter arrives as a list and is refused the same way).
 */
export class MonitorListQueryDto implements MonitorListQuery {
  @IsOptional()
  @IsString({ message: SEARCH_MESSAGE })
  @MaxLength(MONITOR_RULES.searchMaxLength, { message: SEARCH_MESSAGE })
  q?: string;

  @IsOptional()
  @IsIn(MONITOR_STATES, { message: `state: one of ${MONITOR_STATES.join(', ')}` })
  state?: MonitorState;

  @IsOptional()
  @IsIn(MONITOR_KINDS, { message: KIND_MESSAGE })
  kind?: MonitorKind;

  @IsOptional()
  @IsString({ message: `group: ${GROUP_HINT}` })
  @Length(1, MONITOR_RULES.groupMaxLength, { message: `group: ${GROUP_HINT}` })
  group?: string;

  @IsOptional()
  @IsString({ message: `tag: one tag of ${TAG_HINT}` })
  @Matches(MONITOR_RULES.tagPattern, { message: `tag: one tag of ${TAG_HINT}` })
  tag?: string;

  @IsOptional()
  @IsIn(MONITOR_LIST_SORTS, { message: `sort: one of ${MONITOR_LIST_SORTS.join(', ')}` })
  sort?: MonitorListSort;

  @OptionalQueryInteger(1, MONITOR_RULES.listLimitMax)
  limit?: number;

  @OptionalQueryInteger(0, 1_000_000)
  offset?: number;
}
