import type {
  EscalationTarget,
  IncidentContactRule,
  IncidentSettings,
  NotificationChannelKind,
  UpdateIncidentSettingsRequest,
} from '@hyperion/contracts';
import { ALERT_RULES, INCIDENT_RULES, NOTIFICATION_CHANNEL_KINDS } from '@hyperion/contracts';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
} from 'class-validator';

import { Id, Nested, NestedList, OneOf, Text, TextList } from '../../dto/dto-fields';

export const CONTACT_TARGET_TYPES = ['contact', 'team', 'schedule', 'channel'] as const;

export class ContactTargetDto {
  @OneOf('type', CONTACT_TARGET_TYPES)
  type!: EscalationTarget['type'];

  @Id('id', 'the id of a contact, team, schedule or channel')
  id!: string;
}

const KINDS = `channelKinds: distinct channel kinds among ${NOTIFICATION_CHANNEL_KINDS.join(', ')}`;

export class IncidentContactRuleDto implements IncidentContactRule {
  @Text('label', INCIDENT_RULES.shortMaxLength, { pattern: INCIDENT_RULES.titlePattern })
  label!: string;

  @NestedList('targets', () => ContactTargetDto, ALERT_RULES.targetsMax, 'targets { type, id }')
  targets!: ContactTargetDto[];

  @IsArray({ message: KINDS })
  @ArrayUnique({ message: KINDS })
  @IsIn(NOTIFICATION_CHANNEL_KINDS, { each: true, message: KINDS })
  channelKinds!: NotificationChannelKind[];
}

const RULE_SHAPE = '{ label, targets, channelKinds }';

/** Each severity given replaces that severity's rule; the others stay. */
export class IncidentContactsDto {
  @Nested('critical', () => IncidentContactRuleDto, RULE_SHAPE, { optional: true })
  critical?: IncidentContactRuleDto;

  @Nested('high', () => IncidentContactRuleDto, RULE_SHAPE, { optional: true })
  high?: IncidentContactRuleDto;

  @Nested('medium', () => IncidentContactRuleDto, RULE_SHAPE, { optional: true })
  medium?: IncidentContactRuleDto;

  @Nested('low', () => IncidentContactRuleDto, RULE_SHAPE, { optional: true })
  low?: IncidentContactRuleDto;
}

const SEVERITIES = 'openFromAlertSeverities: distinct severities among critical, high';

/** PUT /api/v1/incidents/settings: what is given changes. */
export class UpdateIncidentSettingsDto implements Omit<UpdateIncidentSettingsRequest, 'contacts'> {
  @TextList('modules', INCIDENT_RULES.modulesMax, INCIDENT_RULES.moduleMaxLength, {
    optional: true,
    pattern: INCIDENT_RULES.titlePattern,
  })
  @ArrayMinSize(1, { message: 'modules: at least one module' })
  modules?: string[];

  @IsOptional()
  @IsArray({ message: SEVERITIES })
  @ArrayMaxSize(2, { message: SEVERITIES })
  @ArrayUnique({ message: SEVERITIES })
  @IsIn(['critical', 'high'], { each: true, message: SEVERITIES })
  openFromAlertSeverities?: IncidentSettings['openFromAlertSeverities'];

  @IsOptional()
  @IsBoolean({ message: 'resolveAlertsOnResolve: true or false' })
  resolveAlertsOnResolve?: boolean;

  @Nested('contacts', () => IncidentContactsDto, '{ critical, high, medium, low }', {
    optional: true,
  })
  contacts?: IncidentContactsDto;
}
