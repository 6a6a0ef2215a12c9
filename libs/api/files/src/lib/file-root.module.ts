import { SshHostModule } from '@hyperion/api/ssh';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { FileRootEntity } from './entities/file-root.entity';
import { FileRootController } from './file-root.controller';
import { FileRootRepository } from './file-root.repository';
import { FileRootService } from './file-root.service';
import { FilesController } from './files.controller';
import { FilesService } from './files.service';
import { SftpConnector } from './sftp-connector';

/** File roots and the file manager inside them: registered once, in apps/api/src/app/domains.ts (FileRootDomain). */
@Module({
  imports: [TypeOrmModule.forFeature([FileRootEntity]), SshHostModule],
  controllers: [FileRootController, FilesController],
  providers: [FileRootRepository, FileRootService, FilesService, SftpConnector],
  exports: [FileRootService, FilesService],
})
export class FileRootModule {}
