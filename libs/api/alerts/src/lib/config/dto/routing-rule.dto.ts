import type {
  AlertUrgency,
  CreateRoutingRuleRequest,
  LabelMatcher,
  NotificationChannelKind,
  UpdateRoutingRuleRequest,
} from '@hyperion/contracts';
import { ALERT_RULES, NOTIFICATION_CHANNEL_KINDS, SERVICE_RULES } from '@hyperion/contracts';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';

const NAME_MESSAGE = `name: ${SERVICE_RULES.nameHint}`;
const URGENCIES: AlertUrgency[] = ['high', 'low'];
const URGENCY_MESSAGE = `urgency: one of ${URGENCIES.join(', ')}`;
const KINDS_MESSAGE = `channelKinds: distinct channel kinds among ${NOTIFICATION_CHANNEL_KINDS.join(', ')}`;
const MATCHERS_MESSAGE = `matchers: a list of at most ${ALERT_RULES.matchersMax} matchers { name, op, value }`;
/** More rules than anyone orders by hand; positions past the end mean "last". */
const POSITION_MAX = 10_000;
const POSITION_MESSAGE = `position: a whole number from 0 (first) to ${POSITION_MAX}`;

/** The optional fields a PATCH can empty (a body never carries null). */
export const ROUTING_RULE_CLEARABLE = [
  'serviceId',
  'escalationPolicyId',
  'urgency',
  'channelKinds',
] as const;
export type RoutingRuleClearable = (typeof ROUTING_RULE_CLEARABLE)[number];
const CLEAR_MESSAGE = `clear: distinct fields among ${ROUTING_RULE_CLEARABLE.join(', ')}`;

/**
 * POST /api/v1/alerts/routing-rules. Each matcher is checked by the service (`matchers[0].value:
 * …`), as are the service and the escalation policy (they must exist in this organisation).
 */
export class CreateRoutingRuleDto implements CreateRoutingRuleRequest {
  @IsString({ message: NAME_MESSAGE })
  @Length(1, SERVICE_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(SERVICE_RULES.namePattern, { message: NAME_MESSAGE })
  name!: string;

  @IsOptional()
  @IsInt({ message: POSITION_MESSAGE })
  @Min(0, { message: POSITION_MESSAGE })
  @Max(POSITION_MAX, { message: POSITION_MESSAGE })
  position?: number;

  @IsOptional()
  @IsBoolean({ message: 'enabled: true or false' })
  enabled?: boolean;

  @IsArray({ message: MATCHERS_MESSAGE })
  @ArrayMaxSize(ALERT_RULES.matchersMax, { message: MATCHERS_MESSAGE })
  matchers!: LabelMatcher[];

  @IsOptional()
  @IsUUID('all', { message: 'serviceId: a service id (UUID)' })
  serviceId?: string;

  @IsOptional()
  @IsUUID('all', { message: 'escalationPolicyId: an escalation policy id (UUID)' })
  escalationPolicyId?: string;

  @IsOptional()
  @IsIn(URGENCIES, { message: URGENCY_MESSAGE })
  urgency?: AlertUrgency;

  @IsOptional()
  @IsArray({ message: KINDS_MESSAGE })
  @ArrayUnique({ message: KINDS_MESSAGE })
  @IsIn(NOTIFICATION_CHANNEL_KINDS, { each: true, message: KINDS_MESSAGE })
  channelKinds?: NotificationChannelKind[];

  @IsOptional()
  @IsBoolean({ message: 'suppress: true or false' })
  suppress?: boolean;
}

/**
 * PATCH …/routing-rules/:id: what is given changes; `clear` empties optional fields (serviceId,
 * escalationPolicyId, urgency, channelKinds); a new position moves the rule, shifting the others.
 */
export class UpdateRoutingRuleDto implements UpdateRoutingRuleRequest {
  @IsOptional()
  @IsString({ message: NAME_MESSAGE })
  @Length(1, SERVICE_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(SERVICE_RULES.namePattern, { message: NAME_MESSAGE })
  name?: string;

  @IsOptional()
  @IsInt({ message: POSITION_MESSAGE })
  @Min(0, { message: POSITION_MESSAGE })
  @Max(POSITION_MAX, { message: POSITION_MESSAGE })
  position?: number;

  @IsOptional()
  @IsBoolean({ message: 'enabled: true or false' })
  enabled?: boolean;

  @IsOptional()
  @IsArray({ message: MATCHERS_MESSAGE })
  @ArrayMaxSize(ALERT_RULES.matchersMax, { message: MATCHERS_MESSAGE })
  matchers?: LabelMatcher[];

  @IsOptional()
  @IsUUID('all', { message: 'serviceId: a service id (UUID)' })
  serviceId?: string;

  @IsOptional()
  @IsUUID('all', { message: 'escalationPolicyId: an escalation policy id (UUID)' })
  escalationPolicyId?: string;

  @IsOptional()
  @IsIn(URGENCIES, { message: URGENCY_MESSAGE })
  urgency?: AlertUrgency;

  @IsOptional()
  @IsArray({ message: KINDS_MESSAGE })
  @ArrayUnique({ message: KINDS_MESSAGE })
  @IsIn(NOTIFICATION_CHANNEL_KINDS, { each: true, message: KINDS_MESSAGE })
  channelKinds?: NotificationChannelKind[];

  @IsOptional()
  @IsBoolean({ message: 'suppress: true or false' })
  suppress?: boolean;

  @IsOptional()
  @IsArray({ message: CLEAR_MESSAGE })
  @ArrayUnique({ message: CLEAR_MESSAGE })
  @IsIn(ROUTING_RULE_CLEARABLE, { each: true, message: CLEAR_MESSAGE })
  clear?: RoutingRuleClearable[];
}
