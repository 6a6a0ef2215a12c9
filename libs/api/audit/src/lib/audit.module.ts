import { LeaderLease } from '@hyperion/api/core';
import { QUEUES } from '@hyperion/contracts';
import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuditAggregator } from './aggregation/audit-aggregator';
import { AuditChainHeadEntity } from './audit-chain-head.entity';
import { AuditLogEntity } from './audit-log.entity';
import { AuditController, PlatformAuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { AuditChainVerifier } from './chain/audit-chain-verifier';
import { AuditChainRepository } from './chain/audit-chain.repository';
import { RefusalAuditInterceptor } from './refusals/refusal-audit.interceptor';
import { AuditVerificationProcessor } from './verification/audit-verification.processor';
import { AuditVerificationScheduler } from './verification/audit-verification.scheduler';

/** Global: every domain records through AuditService. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([AuditLogEntity, AuditChainHeadEntity]),
    BullModule.registerQueue({ name: QUEUES.auditVerification }),
  ],
  controllers: [AuditController, PlatformAuditController],
  providers: [
    AuditRepository,
    AuditService,
    // Repeated refusals counted per minute in Redis; the lease's holder flushes ended minutes.
    AuditAggregator,
    LeaderLease,
    AuditChainRepository,
    AuditChainVerifier,
    AuditVerificationProcessor,
    AuditVerificationScheduler,
    { provide: APP_INTERCEPTOR, useClass: RefusalAuditInterceptor },
  ],
  exports: [AuditService, AuditChainVerifier],
})
export class AuditModule {}
