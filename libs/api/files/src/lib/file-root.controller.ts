import { RequirePermissions } from '@hyperion/api/core';
import type { FileRootSummary } from '@hyperion/contracts';
import { FILE_ROOT_PERMISSIONS } from '@hyperion/contracts';
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

import { CreateFileRootDto, UpdateFileRootDto } from './dto/file-root.dto';
import { FileRootService } from './file-root.service';

/** `/api/v1/files/roots` (FILE_ROOT_ROUTES): parse, authorise, delegate. */
@ApiTags('files')
@ApiBearerAuth()
@Controller({ path: 'files/roots', version: '1' })
export class FileRootController {
  constructor(private readonly service: FileRootService) {}

  @Get()
  @RequirePermissions(FILE_ROOT_PERMISSIONS.read)
  list(): Promise<FileRootSummary[]> {
    return this.service.list();
  }

  @Get(':id')
  @RequirePermissions(FILE_ROOT_PERMISSIONS.read)
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<FileRootSummary> {
    return this.service.get(id);
  }

  @Post()
  @RequirePermissions(FILE_ROOT_PERMISSIONS.write)
  create(@Body() dto: CreateFileRootDto): Promise<FileRootSummary> {
    return this.service.create(dto);
  }

  @Patch(':id')
  @RequirePermissions(FILE_ROOT_PERMISSIONS.write)
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateFileRootDto,
  ): Promise<FileRootSummary> {
    return this.service.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions(FILE_ROOT_PERMISSIONS.write)
  delete(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.service.delete(id);
  }
}
