import { AppConfig, RequestContext, UnitOfWork } from '@hyperion/api/core';
import type { FileRootSummary } from '@hyperion/contracts';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';

import { CreateFileRootDto, UpdateFileRootDto } from './dto/file-root.dto';
import { FileRootEntity } from './entities/file-root.entity';
import { toHttpError } from './file-http-errors';
import { FileRootRepository } from './file-root.repository';
import { resolveDeclaredRoot } from './guard/declared-root';
import { SftpConnector } from './sftp-connector';

/** The response the API and the console see; entities never leave this library. */
export function toFileRootSummary(row: FileRootEntity): FileRootSummary {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    path: row.path,
    sshHostId: row.sshHostId,
    maxUploadBytes: row.maxUploadBytes,
    readOnly: row.readOnly,
    allowedRoles: [...row.allowedRoles],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** `file_root:<id>`, the audit log's target of a file root. */
export const fileRootTarget = (id: string) => `file_root:${id}`;

/**
 * The file roots use cases. Each runs in one unit of work, in the organisation of the
 * request context: a command's write and its audit row commit or roll back together, and an id
 * of another organisation is simply not found (row-level security). A root restricted to some
 * roles is not found either by whoever holds none of them (administrators see every root).
 */
@Injectable()
export class FileRootService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: FileRootRepository,
    private readonly config: AppConfig,
    private readonly sftp: SftpConnector,
  ) {}

  list(): Promise<FileRootSummary[]> {
    return this.uow.run(async () => {
      const may = await this.visibility();
      return (await this.repository.list()).filter(may).map(toFileRootSummary);
    });
  }

  get(id: string): Promise<FileRootSummary> {
    return this.usable(id);
  }

  /**
   * An SFTP root's host must be an SSH host of this organisation; its directory is resolved on
   * the host (a connection, made outside any transaction) before the row is written.
   */
  async create(dto: CreateFileRootDto): Promise<FileRootSummary> {
    if (dto.kind === 'sftp' && !dto.sshHostId) {
      throw new BadRequestException(
        'sshHostId: an sftp root needs the SSH host holding its directory',
      );
    }
    if (dto.kind === 'local' && dto.sshHostId !== undefined) {
      throw new BadRequestException('sshHostId: only an sftp root has an SSH host');
    }
    this.checkMaxUpload(dto.maxUploadBytes);
    const sshHostId = dto.kind === 'sftp' ? (dto.sshHostId as string) : null;
    if (sshHostId) await this.uow.run(() => this.checkHost(sshHostId));
    const path = await this.declared(dto.path, sshHostId);
    return this.uow.run(async (tx) => {
      const row = await this.repository.create({
        name: dto.name,
        kind: dto.kind,
        path,
        sshHostId,
        maxUploadBytes: dto.maxUploadBytes ?? null,
        readOnly: dto.readOnly ?? false,
        allowedRoles: unique(dto.allowedRoles ?? []),
      });
      await tx.audit({
        action: 'file_root_created',
        target: fileRootTarget(row.id),
        result: 'success',
        details: describe(row),
      });
      return toFileRootSummary(row);
    });
  }

  async update(id: string, dto: UpdateFileRootDto): Promise<FileRootSummary> {
    const clearLimit = dto.clear?.includes('maxUploadBytes') ?? false;
    if (clearLimit && dto.maxUploadBytes !== undefined) {
      throw new BadRequestException('maxUploadBytes: give a value or clear it, not both');
    }
    this.checkMaxUpload(dto.maxUploadBytes);
    const current = await this.uow.run(() => this.found(id));
    const path =
      dto.path === undefined ? undefined : await this.declared(dto.path, current.sshHostId);
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      const before = describe(row);
      const updated = await this.repository.update(row, {
        name: dto.name ?? row.name,
        path: path ?? row.path,
        maxUploadBytes: clearLimit ? null : (dto.maxUploadBytes ?? row.maxUploadBytes),
        readOnly: dto.readOnly ?? row.readOnly,
        allowedRoles: dto.allowedRoles === undefined ? row.allowedRoles : unique(dto.allowedRoles),
      });
      await tx.audit({
        action: 'file_root_updated',
        target: fileRootTarget(id),
        result: 'success',
        details: { ...describe(updated), previousName: before.name, previous: before },
      });
      return toFileRootSummary(updated);
    });
  }

  delete(id: string): Promise<void> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      await this.repository.delete(row.id);
      await tx.audit({
        action: 'file_root_deleted',
        target: fileRootTarget(id),
        result: 'success',
        details: { name: row.name, path: row.path },
      });
    });
  }

  /** The root `id` as the caller may use it (404 when missing, of another organisation, or of other roles). */
  usable(id: string): Promise<FileRootSummary> {
    return this.uow.run(async () => {
      const row = await this.found(id);
      if (!(await this.visibility())(row)) throw new NotFoundException('File root not found');
      return toFileRootSummary(row);
    });
  }

  /**
   * Who sees which root: every root for the system and for `files:admin`; otherwise roots open
   * to every role, and those naming one of the caller's roles (an API key has no role).
   */
  private async visibility(): Promise<(row: FileRootEntity) => boolean> {
    const actor = RequestContext.current()?.actor;
    if (!actor || actor.type === 'system' || actor.permissions.includes('files:admin')) {
      return () => true;
    }
    const roles = new Set(actor.type === 'user' ? await this.repository.roleNamesOf(actor.id) : []);
    return (row) => row.allowedRoles.length === 0 || row.allowedRoles.some((r) => roles.has(r));
  }

  /** Local: inside FILES_ALLOWED_ROOTS, resolved here; sftp: resolved on the SSH host. */
  private async declared(path: string, sshHostId: string | null): Promise<string> {
    try {
      return sshHostId
        ? await this.sftp.resolveDeclared(sshHostId, path)
        : await resolveDeclaredRoot(path, this.config.filesAllowedRoots);
    } catch (error) {
      throw toHttpError(error);
    }
  }

  private checkMaxUpload(value: number | undefined): void {
    const limit = this.config.filesMaxUploadBytes;
    if (value !== undefined && value > limit) {
      throw new BadRequestException(
        `maxUploadBytes: at most ${limit} bytes (the instance's FILES_MAX_UPLOAD_BYTES)`,
      );
    }
  }

  private async checkHost(sshHostId: string): Promise<void> {
    if (!(await this.repository.sshHostExists(sshHostId))) {
      throw new BadRequestException('sshHostId: no SSH host with this id in this organisation');
    }
  }

  private async found(id: string): Promise<FileRootEntity> {
    const row = await this.repository.findById(id);
    if (!row) throw new NotFoundException('File root not found');
    return row;
  }
}

const unique = (names: string[]) => [...new Set(names)];

const describe = (row: FileRootEntity) => ({
  name: row.name,
  kind: row.kind,
  path: row.path,
  sshHostId: row.sshHostId,
  maxUploadBytes: row.maxUploadBytes,
  readOnly: row.readOnly,
  allowedRoles: [...row.allowedRoles],
});
