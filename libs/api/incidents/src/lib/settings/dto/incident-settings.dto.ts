import type {
  EscalationTarget,
  IncidentContactRule,
  IncidentSettings,
  NotificationChannelKind,
  UpdateIncidentSettingsRequest,
} from '@hyperion/contracts';
import { ALERT_RULES, INCIDENT_RULES, NOTIFICATION_CHANNEL_KINDS } from '@hyperion/contracts';
import { ArrayMinSize, IsBoolean, IsOptional } from 'class-validator';

import { Id, ListOf, Nested, NestedList, OneOf, Text, TextList } from '../../dto/dto-fields';

export const CONTACT_TARGET_TYPES = ['contact', 'team', 'schedule', 'channel'] as const;

export class ContactTargetDto {
  @OneOf('type', CONTACT_TARGET_TYPES)
  type!: EscalationTarget['type'];

  @Id('id', 'the id of a contact, team, schedule or channel')
  id!: string;
}

export class IncidentContactRuleDto implements IncidentContactRule {
  @Text('label', INCIDENT_RULES.shortMaxLength, { pattern: INCIDENT_RULES.titlePattern })
  label!: string;

  @NestedList('targets', () => ContactTargetDto, ALERT_RULES.targetsMax, 'targets { type, id }')
  targets!: ContactTargetDto[];

  @ListOf('channelKinds', NOTIFICATION_CHANNEL_KINDS, { what: 'channel kinds' })
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

/** PUT /api/v1/incidents/settings: what is given changes. */
export class UpdateIncidentSettingsDto implements Omit<UpdateIncidentSettingsRequest, 'contacts'> {
  @TextList('modules', INCIDENT_RULES.modulesMax, INCIDENT_RULES.moduleMaxLength, {
    optional: true,
    pattern: INCIDENT_RULES.titlePattern,
  })
  @ArrayMinSize(1, { message: 'modules: at least one module' })
  modules?: string[];

  @ListOf('openFromAlertSeverities', ['critical', 'high'], { optional: true, what: 'severities' })
  openFromAlertSeverities?: IncidentSettings['openFromAlertSeverities'];

  @IsOptional()
  @IsBoolean({ message: 'resolveAlertsOnResolve: true or false' })
  resolveAlertsOnResolve?: boolean;

  @Nested('contacts', () => IncidentContactsDto, '{ critical, high, medium, low }', {
    optional: true,
  })
  contacts?: IncidentContactsDto;
}
