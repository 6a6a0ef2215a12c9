import { AuditRefusal } from '@hyperion/api/audit';
import { RequirePermissions } from '@hyperion/api/core';
import type { FileEntry, FileExtractResult, FileListing } from '@hyperion/contracts';
import { FILE_PERMISSIONS } from '@hyperion/contracts';
import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
  Req,
  Res,
  StreamableFile,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Readable } from 'node:stream';

import { attachmentDisposition, contentTypeOf } from './download-headers';
import {
  DeleteQueryDto,
  FileChmodDto,
  FileExtractDto,
  FileMoveDto,
  FilePathDto,
  PathQueryDto,
  UploadQueryDto,
} from './dto/files.dto';
import { FilesService } from './files.service';

const rootId = () => Param('rootId', new ParseUUIDPipe());

/** `If-Match: "<version>"` or `If-Match: <version>`; the query's `version` wins. */
function versionFrom(query: string | undefined, ifMatch: string | undefined): string | undefined {
  if (query !== undefined) return query;
  if (ifMatch === undefined || ifMatch.trim() === '') return undefined;
  return ifMatch
    .trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
}

/** A client that goes away ends the stream, which releases its file (and SFTP connection). */
function endWithResponse(res: Response, stream: Readable): void {
  res.once('close', () => {
    if (!res.writableFinished) stream.destroy();
  });
}

/** `/api/v1/files/roots/:rootId/...` (FILE_ROUTES): parse, authorise, delegate. */
@ApiTags('files')
@ApiBearerAuth()
@Controller({ path: 'files/roots/:rootId', version: '1' })
export class FilesController {
  constructor(private readonly service: FilesService) {}

  @Get('entries')
  @RequirePermissions(FILE_PERMISSIONS.read)
  list(@rootId() id: string, @Query() q: PathQueryDto): Promise<FileListing> {
    return this.service.list(id, q.path);
  }

  @Get('stat')
  @RequirePermissions(FILE_PERMISSIONS.read)
  stat(@rootId() id: string, @Query() q: PathQueryDto): Promise<FileEntry> {
    return this.service.stat(id, q.path);
  }

  /** The bytes, streamed from the open file (never read whole), as an attachment. */
  @Get('content')
  @RequirePermissions(FILE_PERMISSIONS.read)
  async download(
    @rootId() id: string,
    @Query() q: FilePathDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { stream, entry } = await this.service.download(id, q.path);
    endWithResponse(res, stream);
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-cache' });
    res.set('ETag', `"${entry.version}"`);
    return new StreamableFile(stream, {
      type: contentTypeOf(entry.name),
      length: entry.size,
      disposition: attachmentDisposition(entry.name),
    });
  }

  /** A directory as a zip, streamed as it is read (symlinks and special files left out). */
  @Get('archive')
  @RequirePermissions(FILE_PERMISSIONS.read)
  async archive(
    @rootId() id: string,
    @Query() q: PathQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { stream, name } = await this.service.archive(id, q.path);
    endWithResponse(res, stream);
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-cache' });
    return new StreamableFile(stream, {
      type: 'application/zip',
      disposition: attachmentDisposition(name),
    });
  }

  /** Unpacks a zip of the root into a directory of the root: all or nothing. */
  @Post('extract')
  @RequirePermissions(FILE_PERMISSIONS.write)
  @AuditRefusal('file_extracted')
  extract(@rootId() id: string, @Body() dto: FileExtractDto): Promise<FileExtractResult> {
    return this.service.extract(id, dto.path, dto.to);
  }

  /**
   * The raw body (`Content-Type: application/octet-stream`, never parsed into memory) streamed
   * to a temporary file, then renamed: 201 when created, 200 when the listed version replaced.
   */
  @Put('content')
  @RequirePermissions(FILE_PERMISSIONS.write)
  @AuditRefusal('file_uploaded')
  @ApiConsumes('application/octet-stream')
  async upload(
    @rootId() id: string,
    @Query() q: UploadQueryDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FileEntry> {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/octet-stream') {
      throw new UnsupportedMediaTypeException(
        'Content-Type must be application/octet-stream (the file bytes as the body)',
      );
    }
    const length = req.headers['content-length'];
    const declared = length !== undefined && /^\d+$/.test(length) ? Number(length) : null;
    const { entry, replaced } = await this.service.upload(
      id,
      q.path,
      req,
      versionFrom(q.version, ifMatch),
      declared,
    );
    res.status(replaced ? 200 : 201);
    return entry;
  }

  @Post('mkdir')
  @RequirePermissions(FILE_PERMISSIONS.write)
  @AuditRefusal('file_directory_created')
  mkdir(@rootId() id: string, @Body() dto: FilePathDto): Promise<FileEntry> {
    return this.service.mkdir(id, dto.path);
  }

  @Post('rename')
  @HttpCode(200)
  @RequirePermissions(FILE_PERMISSIONS.write)
  @AuditRefusal('file_renamed')
  rename(@rootId() id: string, @Body() dto: FileMoveDto): Promise<FileEntry> {
    return this.service.rename(id, dto.from, dto.to);
  }

  @Post('copy')
  @RequirePermissions(FILE_PERMISSIONS.write)
  @AuditRefusal('file_copied')
  copy(@rootId() id: string, @Body() dto: FileMoveDto): Promise<FileEntry & { skipped: string[] }> {
    return this.service.copy(id, dto.from, dto.to);
  }

  @Post('chmod')
  @HttpCode(200)
  @RequirePermissions(FILE_PERMISSIONS.write)
  @AuditRefusal('file_mode_changed')
  chmod(@rootId() id: string, @Body() dto: FileChmodDto): Promise<FileEntry> {
    return this.service.chmod(id, dto.path, dto.mode);
  }

  @Delete('entries')
  @HttpCode(204)
  @RequirePermissions(FILE_PERMISSIONS.write)
  @AuditRefusal('file_deleted')
  delete(@rootId() id: string, @Query() q: DeleteQueryDto): Promise<void> {
    return this.service.delete(id, q.path, q.recursive === 'true');
  }
}
