import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AlertConfigModule } from './config/alert-config.module';
import { ServiceDependencyEntity } from './entities/service-dependency.entity';
import { ServiceIntegrationEntity } from './entities/service-integration.entity';
import { ServiceEntity } from './entities/service.entity';
import { ServiceController } from './service.controller';
import { ServiceRepository } from './service.repository';
import { ServiceService } from './service.service';

/** Services, their dependencies and integrations: registered once, in apps/api/src/app/domains.ts (ServiceDomain). */
@Module({
  imports: [
    TypeOrmModule.forFeature([ServiceEntity, ServiceDependencyEntity, ServiceIntegrationEntity]),
    AlertConfigModule,
  ],
  controllers: [ServiceController],
  providers: [ServiceRepository, ServiceService],
  exports: [ServiceService],
})
export class ServiceModule {}
