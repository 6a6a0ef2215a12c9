import type { DomainDefinition } from '@hyperion/api/core';

import { AlertConfigModule } from './alert-config.module';
import { EscalationPolicyEntity } from './entities/escalation-policy.entity';
import { RoutingRuleEntity } from './entities/routing-rule.entity';
import { SilenceEntity } from './entities/silence.entity';
import { AlertConfig1796626100000 } from './migrations/1796626100000-alert-config';

export { AlertConfigChanges } from './alert-config-changes';
export { AlertConfigModule } from './alert-config.module';
export { EscalationPolicyService, toEscalationPolicySummary } from './escalation-policy.service';
export { RoutingRuleService, toRoutingRuleSummary } from './routing-rule.service';
export { SilenceService, silenceStatus, toSilenceSummary } from './silence.service';

/**
 * What apps/api registers of the alert configuration (one line in DOMAINS, after the service
 * domain, whose table routing rules reference, and the notification domains) and the specs
 * migrate.
 */
export const AlertConfigDomain: DomainDefinition = {
  name: 'alert-config',
  module: AlertConfigModule,
  entities: [EscalationPolicyEntity, RoutingRuleEntity, SilenceEntity],
  migrations: [AlertConfig1796626100000],
};
