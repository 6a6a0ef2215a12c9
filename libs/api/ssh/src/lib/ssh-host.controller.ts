import { RequirePermissions } from '@hyperion/api/core';
import type { SshHostSummary } from '@hyperion/contracts';
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
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { CreateSshHostDto, UpdateSshHostDto } from './dto/ssh-host.dto';
import { SshHostService } from './ssh-host.service';

/** `/api/v1/ssh-hosts` (SSH_HOST_ROUTES): parse, authorise, delegate. */
@ApiTags('ssh-hosts')
@ApiBearerAuth()
@Controller({ path: 'ssh-hosts', version: '1' })
export class SshHostController {
  constructor(private readonly service: SshHostService) {}

  @Get()
  @RequirePermissions(SSH_HOST_PERMISSIONS.read)
  list(): Promise<SshHostSummary[]> {
    return this.service.list();
  }

  @Get(':id')
  @RequirePermissions(SSH_HOST_PERMISSIONS.read)
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<SshHostSummary> {
    return this.service.get(id);
  }

  @Post()
  @RequirePermissions(SSH_HOST_PERMISSIONS.write)
  create(@Body() dto: CreateSshHostDto): Promise<SshHostSummary> {
    return this.service.create(dto);
  }

  @Patch(':id')
  @RequirePermissions(SSH_HOST_PERMISSIONS.write)
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateSshHostDto,
  ): Promise<SshHostSummary> {
    return this.service.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions(SSH_HOST_PERMISSIONS.write)
  delete(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.service.delete(id);
  }
}
