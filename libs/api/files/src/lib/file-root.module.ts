import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { FileRootEntity } from './entities/file-root.entity';
import { FileRootController } from './file-root.controller';
import { FileRootRepository } from './file-root.repository';
import { FileRootService } from './file-root.service';

/** File roots: registered once, in apps/api/src/app/domains.ts (FileRootDomain). */
@Module({
  imports: [TypeOrmModule.forFeature([FileRootEntity])],
  controllers: [FileRootController],
  providers: [FileRootRepository, FileRootService],
  exports: [FileRootService],
})
export class FileRootModule {}
