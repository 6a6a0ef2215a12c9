import { AuditRefusal } from '@hyperion/api/audit';
import { RequirePermissions } from '@hyperion/api/core';
import type {
  SshExecListItem,
  SshExecResult,
  SshHostSummary,
  SshTestResult,
} from '@hyperion/contracts';
import { SSH_HOST_PERMISSIONS } from '@hyperion/contracts';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import {
  CreateSshHostDto,
  SshExecDto,
  SshExecListQueryDto,
  SshHostKeyDto,
  UpdateSshHostDto,
} from './dto/ssh-host.dto';
import { SshRemoteService } from './exec/ssh-remote.service';
import { SshHostService } from './ssh-host.service';

const uuid = () => new ParseUUIDPipe();

/** `/api/v1/ssh/hosts` (SSH_HOST_ROUTES): parse, authorise, delegate. */
@ApiTags('ssh')
@ApiBearerAuth()
@Controller({ path: 'ssh/hosts', version: '1' })
export class SshHostController {
  constructor(
    private readonly service: SshHostService,
    private readonly remote: SshRemoteService,
  ) {}

  @Get()
  @RequirePermissions(SSH_HOST_PERMISSIONS.read)
  list(): Promise<SshHostSummary[]> {
    return this.service.list();
  }

  @Get(':id')
  @RequirePermissions(SSH_HOST_PERMISSIONS.read)
  get(@Param('id', uuid()) id: string): Promise<SshHostSummary> {
    return this.service.get(id);
  }

  @Post()
  @RequirePermissions(SSH_HOST_PERMISSIONS.write)
  @AuditRefusal('ssh_host_created')
  create(@Body() dto: CreateSshHostDto): Promise<SshHostSummary> {
    return this.service.create(dto);
  }

  @Patch(':id')
  @RequirePermissions(SSH_HOST_PERMISSIONS.write)
  @AuditRefusal('ssh_host_updated')
  update(@Param('id', uuid()) id: string, @Body() dto: UpdateSshHostDto): Promise<SshHostSummary> {
    return this.service.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions(SSH_HOST_PERMISSIONS.write)
  @AuditRefusal('ssh_host_deleted')
  delete(@Param('id', uuid()) id: string): Promise<void> {
    return this.service.delete(id);
  }

  @Put(':id/host-key')
  @RequirePermissions(SSH_HOST_PERMISSIONS.write)
  @AuditRefusal('ssh_host_key_pinned')
  pinHostKey(@Param('id', uuid()) id: string, @Body() dto: SshHostKeyDto): Promise<SshHostSummary> {
    return this.service.pinHostKey(id, dto);
  }

  @Post(':id/host-key/approve')
  @HttpCode(200)
  @RequirePermissions(SSH_HOST_PERMISSIONS.write)
  @AuditRefusal('ssh_host_key_approved')
  approveHostKey(
    @Param('id', uuid()) id: string,
    @Body() dto: SshHostKeyDto,
  ): Promise<SshHostSummary> {
    return this.service.approveHostKey(id, dto);
  }

  @Post(':id/test')
  @HttpCode(200)
  @RequirePermissions(SSH_HOST_PERMISSIONS.exec)
  @AuditRefusal('ssh_connection_tested')
  test(@Param('id', uuid()) id: string): Promise<SshTestResult> {
    return this.remote.test(id);
  }

  @Post(':id/exec')
  @HttpCode(200)
  @RequirePermissions(SSH_HOST_PERMISSIONS.exec)
  @AuditRefusal('ssh_exec')
  exec(@Param('id', uuid()) id: string, @Body() dto: SshExecDto): Promise<SshExecResult> {
    return this.remote.exec(id, dto);
  }

  @Get(':id/execs')
  @RequirePermissions(SSH_HOST_PERMISSIONS.read)
  execs(
    @Param('id', uuid()) id: string,
    @Query() query: SshExecListQueryDto,
  ): Promise<SshExecListItem[]> {
    return this.remote.listExecs(id, query.limit);
  }

  @Get(':id/execs/:execId')
  @RequirePermissions(SSH_HOST_PERMISSIONS.read)
  execItem(
    @Param('id', uuid()) id: string,
    @Param('execId', uuid()) execId: string,
  ): Promise<SshExecResult> {
    return this.remote.getExec(id, execId);
  }
}
