import { AppConfig, RequestContext, UnitOfWork } from '@hyperion/api/core';
import type { FileRootSummary } from '@hyperion/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';

import { CreateFileRootDto, UpdateFileRootDto } from './dto/file-root.dto';
import { FileRootEntity } from './entities/file-root.entity';
import { toHttpError } from './file-http-errors';
import { FileRootRepository } from './file-root.repository';
import { resolveDeclaredRoot } from './guard/declared-root';

/** The response the API and the console see; entities never leave this library. */
export function toFileRootSummary(row: FileRootEntity): FileRootSummary {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    path: row.path,
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

  create(dto: CreateFileRootDto): Promise<FileRootSummary> {
    return this.uow.run(async (tx) => {
      const path = await this.declared(dto.path);
      const row = await this.repository.create({
        name: dto.name,
        kind: dto.kind,
        path,
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

  update(id: string, dto: UpdateFileRootDto): Promise<FileRootSummary> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      const before = describe(row);
      const updated = await this.repository.update(row, {
        name: dto.name ?? row.name,
        path: dto.path === undefined ? row.path : await this.declared(dto.path),
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

  private async declared(path: string): Promise<string> {
    try {
      return await resolveDeclaredRoot(path, this.config.filesAllowedRoots);
    } catch (error) {
      throw toHttpError(error);
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
  readOnly: row.readOnly,
  allowedRoles: [...row.allowedRoles],
});
