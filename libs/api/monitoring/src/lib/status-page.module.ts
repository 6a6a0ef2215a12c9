import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { StatusPageEntity } from './entities/status-page.entity';
import { StatusPageController } from './status-page.controller';
import { StatusPageRepository } from './status-page.repository';
import { StatusPageService } from './status-page.service';

/** Status pages: registered once, in apps/api/src/app/domains.ts (StatusPageDomain). */
@Module({
  imports: [TypeOrmModule.forFeature([StatusPageEntity])],
  controllers: [StatusPageController],
  providers: [StatusPageRepository, StatusPageService],
  exports: [StatusPageService],
})
export class StatusPageModule {}
