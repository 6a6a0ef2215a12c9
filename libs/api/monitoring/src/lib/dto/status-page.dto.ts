import type {
  CreateStatusPageMaintenanceRequest,
  CreateStatusPageRequest,
  PostStatusPageIncidentUpdateRequest,
  ReplaceStatusPageComponentsRequest,
  StatusPageClearable,
  StatusPageComponentInput,
  StatusPageComponentKind,
  StatusPageComponentRef,
  StatusPageIncidentStatus,
  UpdateStatusPageMaintenanceRequest,
  UpdateStatusPageRequest,
} from '@hyperion/contracts';
import {
  STATUS_PAGE_RULES as RULES,
  STATUS_PAGE_CLEARABLE,
  STATUS_PAGE_COMPONENT_KINDS,
  STATUS_PAGE_INCIDENT_STATUSES,
} from '@hyperion/contracts';
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
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const NAME = `name: ${RULES.nameHint}`;
const SLUG = `slug: ${RULES.slugHint}`;
const DESCRIPTION = `description: at most ${RULES.descriptionMaxLength} characters`;
const PUBLIC_URL = `publicUrl: ${RULES.publicUrlHint}`;
const CHANNEL = 'emailChannelId: the id of an email notification channel';
const CLEAR = `clear: a list among ${STATUS_PAGE_CLEARABLE.join(', ')}`;
const KIND = `kind: one of ${STATUS_PAGE_COMPONENT_KINDS.join(', ')}`;
const TARGET_ID = 'id: the id of a monitor or a service (UUID)';
const DISPLAY_NAME = `displayName: 1 to ${RULES.displayNameMaxLength} characters on one line`;
const GROUP_NAME = `name: 1 to ${RULES.groupNameMaxLength} characters on one line`;
const GROUPS = `groups: a list of at most ${RULES.groupsMax} groups, each an object`;
const COMPONENTS = `components: a list of at most ${RULES.componentsMax} components, each an object`;
const TITLE = (max: number) => `title: 1 to ${max} characters on one line`;
const STARTS_AT = 'startsAt: an ISO 8601 date and time with its zone, e.g. 2026-03-01T02:00:00Z';
const DURATION = `durationMinutes: a whole number of minutes from 1 to ${RULES.durationMinutesMax}`;
const RRULE = `rrule: an RFC 5545 recurrence rule (e.g. FREQ=WEEKLY;BYDAY=SU) of at most ${RULES.rruleMaxLength} characters`;
const AFFECTS = `affects: a list of at most ${RULES.componentsMax} components, each { kind, id }`;
const STATUS = `status: one of ${STATUS_PAGE_INCIDENT_STATUSES.join(', ')}`;
const MESSAGE = `message: 1 to ${RULES.updateMessageMaxLength} characters`;
/** An ISO 8601 instant must say its zone: a bare local time means a different moment per server. */
const WITH_ZONE = /(Z|[+-]\d{2}:?\d{2})$/;

/** The http(s) URL of a page, without credentials, query or fragment. */
const URL_OPTIONS = {
  protocols: ['http', 'https'],
  require_protocol: true,
  require_tld: false,
  allow_fragments: false,
  allow_query_components: false,
  disallow_auth: true,
};

class StatusPageFieldsDto {
  @IsOptional()
  @IsString({ message: DESCRIPTION })
  @MaxLength(RULES.descriptionMaxLength, { message: DESCRIPTION })
  description?: string;

  @IsOptional()
  @IsBoolean({ message: 'published: true or false' })
  published?: boolean;

  @IsOptional()
  @IsBoolean({ message: 'showPostmortems: true or false' })
  showPostmortems?: boolean;

  @IsOptional()
  @IsString({ message: PUBLIC_URL })
  @MaxLength(RULES.publicUrlMaxLength, { message: PUBLIC_URL })
  @IsUrl(URL_OPTIONS, { message: PUBLIC_URL })
  publicUrl?: string;

  @IsOptional()
  @IsUUID('all', { message: CHANNEL })
  emailChannelId?: string;
}

export class CreateStatusPageDto extends StatusPageFieldsDto implements CreateStatusPageRequest {
  @IsString({ message: NAME })
  @Length(1, RULES.nameMaxLength, { message: NAME })
  @Matches(RULES.namePattern, { message: NAME })
  name!: string;

  @IsString({ message: SLUG })
  @Matches(RULES.slugPattern, { message: SLUG })
  slug!: string;
}

export class UpdateStatusPageDto extends StatusPageFieldsDto implements UpdateStatusPageRequest {
  @IsOptional()
  @IsString({ message: NAME })
  @Length(1, RULES.nameMaxLength, { message: NAME })
  @Matches(RULES.namePattern, { message: NAME })
  name?: string;

  @IsOptional()
  @IsString({ message: SLUG })
  @Matches(RULES.slugPattern, { message: SLUG })
  slug?: string;

  @IsOptional()
  @IsArray({ message: CLEAR })
  @IsIn(STATUS_PAGE_CLEARABLE, { each: true, message: CLEAR })
  clear?: StatusPageClearable[];
}

export class StatusPageComponentRefDto implements StatusPageComponentRef {
  @IsIn(STATUS_PAGE_COMPONENT_KINDS, { message: KIND })
  kind!: StatusPageComponentKind;

  @IsUUID('all', { message: TARGET_ID })
  id!: string;
}

export class StatusPageComponentInputDto
  extends StatusPageComponentRefDto
  implements StatusPageComponentInput
{
  @IsOptional()
  @IsString({ message: DISPLAY_NAME })
  @Length(1, RULES.displayNameMaxLength, { message: DISPLAY_NAME })
  @Matches(RULES.namePattern, { message: DISPLAY_NAME })
  displayName?: string;
}

export class StatusPageGroupDto {
  @IsString({ message: GROUP_NAME })
  @Length(1, RULES.groupNameMaxLength, { message: GROUP_NAME })
  @Matches(RULES.namePattern, { message: GROUP_NAME })
  name!: string;

  @IsArray({ message: COMPONENTS })
  @ArrayMaxSize(RULES.componentsMax, { message: COMPONENTS })
  @IsObject({ each: true, message: COMPONENTS })
  @ValidateNested({ each: true })
  @Type(() => StatusPageComponentInputDto)
  components!: StatusPageComponentInputDto[];
}

export class ReplaceStatusPageComponentsDto implements ReplaceStatusPageComponentsRequest {
  @IsArray({ message: GROUPS })
  @ArrayMaxSize(RULES.groupsMax, { message: GROUPS })
  @IsObject({ each: true, message: GROUPS })
  @ValidateNested({ each: true })
  @Type(() => StatusPageGroupDto)
  groups!: StatusPageGroupDto[];
}

class MaintenanceFieldsDto {
  @IsOptional()
  @IsString({ message: DESCRIPTION })
  @MaxLength(RULES.maintenanceDescriptionMaxLength, { message: DESCRIPTION })
  description?: string;

  @IsOptional()
  @IsString({ message: RRULE })
  @Length(1, RULES.rruleMaxLength, { message: RRULE })
  rrule?: string;

  @IsOptional()
  @IsArray({ message: AFFECTS })
  @ArrayMaxSize(RULES.componentsMax, { message: AFFECTS })
  @IsObject({ each: true, message: AFFECTS })
  @ValidateNested({ each: true })
  @Type(() => StatusPageComponentRefDto)
  affects?: StatusPageComponentRefDto[];
}

export class CreateStatusPageMaintenanceDto
  extends MaintenanceFieldsDto
  implements CreateStatusPageMaintenanceRequest
{
  @IsString({ message: TITLE(RULES.maintenanceTitleMaxLength) })
  @Length(1, RULES.maintenanceTitleMaxLength, { message: TITLE(RULES.maintenanceTitleMaxLength) })
  @Matches(RULES.namePattern, { message: TITLE(RULES.maintenanceTitleMaxLength) })
  title!: string;

  @IsISO8601({ strict: true }, { message: STARTS_AT })
  @Matches(WITH_ZONE, { message: STARTS_AT })
  startsAt!: string;

  @IsInt({ message: DURATION })
  @Min(1, { message: DURATION })
  @Max(RULES.durationMinutesMax, { message: DURATION })
  durationMinutes!: number;

  @IsOptional()
  @IsBoolean({ message: 'notifySubscribers: true or false' })
  notifySubscribers?: boolean;
}

export class UpdateStatusPageMaintenanceDto
  extends MaintenanceFieldsDto
  implements UpdateStatusPageMaintenanceRequest
{
  @IsOptional()
  @IsString({ message: TITLE(RULES.maintenanceTitleMaxLength) })
  @Length(1, RULES.maintenanceTitleMaxLength, { message: TITLE(RULES.maintenanceTitleMaxLength) })
  @Matches(RULES.namePattern, { message: TITLE(RULES.maintenanceTitleMaxLength) })
  title?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: STARTS_AT })
  @Matches(WITH_ZONE, { message: STARTS_AT })
  startsAt?: string;

  @IsOptional()
  @IsInt({ message: DURATION })
  @Min(1, { message: DURATION })
  @Max(RULES.durationMinutesMax, { message: DURATION })
  durationMinutes?: number;

  @IsOptional()
  @IsArray({ message: 'clear: a list among rrule' })
  @IsIn(['rrule'], { each: true, message: 'clear: a list among rrule' })
  clear?: 'rrule'[];
}

export class PostStatusPageIncidentUpdateDto implements PostStatusPageIncidentUpdateRequest {
  @IsIn(STATUS_PAGE_INCIDENT_STATUSES, { message: STATUS })
  status!: StatusPageIncidentStatus;

  @IsString({ message: MESSAGE })
  @Length(1, RULES.updateMessageMaxLength, { message: MESSAGE })
  message!: string;

  @IsOptional()
  @IsString({ message: TITLE(RULES.incidentTitleMaxLength) })
  @Length(1, RULES.incidentTitleMaxLength, { message: TITLE(RULES.incidentTitleMaxLength) })
  @Matches(RULES.namePattern, { message: TITLE(RULES.incidentTitleMaxLength) })
  title?: string;
}
