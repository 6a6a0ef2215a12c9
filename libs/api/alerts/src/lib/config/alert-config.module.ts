import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AlertConfigChanges } from './alert-config-changes';
import { EscalationPolicyEntity } from './entities/escalation-policy.entity';
import { RoutingRuleEntity } from './entities/routing-rule.entity';
import { SilenceEntity } from './entities/silence.entity';
import { EscalationPolicyController } from './escalation-policy.controller';
import { EscalationPolicyRepository } from './escalation-policy.repository';
import { EscalationPolicyService } from './escalation-policy.service';
import { RoutingRuleController } from './routing-rule.controller';
import { RoutingRuleRepository } from './routing-rule.repository';
import { RoutingRuleService } from './routing-rule.service';
import { SilenceController } from './silence.controller';
import { SilenceRepository } from './silence.repository';
import { SilenceService } from './silence.service';

/**
 * The configuration of alerting: escalation policies, routing rules, silences (registered as
 * AlertConfigDomain). AlertConfigChanges tells the ingest's caches when any of them changes.
 */
@Module({
  imports: [TypeOrmModule.forFeature([EscalationPolicyEntity, RoutingRuleEntity, SilenceEntity])],
  controllers: [EscalationPolicyController, RoutingRuleController, SilenceController],
  providers: [
    AlertConfigChanges,
    EscalationPolicyRepository,
    RoutingRuleRepository,
    SilenceRepository,
    EscalationPolicyService,
    RoutingRuleService,
    SilenceService,
  ],
  exports: [
    AlertConfigChanges,
    EscalationPolicyRepository,
    RoutingRuleRepository,
    SilenceRepository,
    EscalationPolicyService,
    RoutingRuleService,
    SilenceService,
  ],
})
export class AlertConfigModule {}
