import type { Readable } from 'node:stream';

import { AuditService } from '@hyperion/api/audit';
import { AppConfig, UnitOfWork } from '@hyperion/api/core';
import type {
  AuditAction,
  FileEntry,
  FileExtractResult,
  FileListing,
  FileRootSummary,
} from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

import { toHttpError } from './file-http-errors';
import { FileRootService, fileRootTarget } from './file-root.service';
import type { FileBackend, OpenedFile } from './guard/file-backend';
import { FileForbiddenError, FileTooLargeError, PathRefusedError } from './guard/file-errors';
import { LocalRoot } from './guard/local-root';
import { RootGuard } from './guard/root-guard';
import { streamZip } from './guard/zip-archive';
import { SftpConnector } from './sftp-connector';

type Operation =
  | 'list'
  | 'stat'
  | 'download'
  | 'upload'
  | 'mkdir'
  | 'rename'
  | 'copy'
  | 'delete'
  | 'chmod'
  | 'archive'
  | 'extract';

const WRITES: ReadonlySet<Operation> = new Set([
  'upload',
  'mkdir',
  'rename',
  'copy',
  'delete',
  'chmod',
  'extract',
]);

/** Their result is a stream, which owns the backend (an SFTP connection) until it ends. */
const STREAMS: ReadonlySet<Operation> = new Set(['download', 'archive']);

/**
 * The file manager's use cases inside one root. Each one finds the root as the caller may use
 * it (404 otherwise), refuses writes to a read-only root, runs the operation through the root's
 * guard, and audits what it changed or read out (path and size). A path the guard refuses (a
 * symlink, an escape) is recorded as `file_access_refused`.
 */
@Injectable()
export class FilesService {
  constructor(
    private readonly roots: FileRootService,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly sftp: SftpConnector,
  ) {}

  list(rootId: string, path: string | undefined): Promise<FileListing> {
    return this.run(rootId, 'list', path, (root) => root.list(path ?? ''));
  }

  stat(rootId: string, path: string | undefined): Promise<FileEntry> {
    return this.run(rootId, 'stat', path, (root) => root.stat(path ?? ''));
  }

  /** An open file to stream; audited as downloaded once it is open (its size known). */
  download(rootId: string, path: string): Promise<OpenedFile> {
    return this.run(rootId, 'download', path, async (root, audit) => {
      const opened = await root.download(path);
      try {
        await audit('file_downloaded', { path: opened.entry.path, size: opened.entry.size });
      } catch (error) {
        opened.stream.destroy();
        throw error;
      }
      return opened;
    });
  }

  /**
   * A directory as a zip, streamed (streamZip). Audited when the stream ends, with the number
   * of entries and bytes sent, what was left out, and whether the client got it all.
   */
  archive(rootId: string, path: string | undefined): Promise<{ stream: Readable; name: string }> {
    return this.run(rootId, 'archive', path, async (root, audit) => {
      const walk = await root.walk(path ?? '');
      const { stream, done } = streamZip(walk.items, walk.release);
      void done
        .then((outcome) =>
          audit('file_archive_downloaded', {
            path: path ?? '',
            entries: outcome.entries,
            bytes: outcome.bytes,
            skipped: walk.skipped,
            complete: outcome.complete,
          }),
        )
        .catch(() => undefined);
      return { stream, name: `${walk.name}.zip` };
    });
  }

  extract(rootId: string, path: string, to: string): Promise<FileExtractResult> {
    return this.run(rootId, 'extract', path, async (root, audit) => {
      const result = await root.extract(path, to);
      await audit('file_extracted', { path, ...result, size: result.bytes });
      return result;
    });
  }

  upload(
    rootId: string,
    path: string,
    body: Readable,
    version: string | undefined,
    declaredLength: number | null,
  ): Promise<{ entry: FileEntry; replaced: boolean }> {
    return this.run(rootId, 'upload', path, async (root, audit, summary) => {
      const maxBytes = summary.maxUploadBytes ?? this.config.filesMaxUploadBytes;
      if (declaredLength !== null && declaredLength > maxBytes) {
        throw new FileTooLargeError(`The file is larger than the limit of ${maxBytes} bytes`);
      }
      const result = await root.upload(path, body, { version, maxBytes });
      await audit('file_uploaded', {
        path: result.entry.path,
        size: result.entry.size,
        replaced: result.replaced,
      });
      return result;
    });
  }

  mkdir(rootId: string, path: string): Promise<FileEntry> {
    return this.run(rootId, 'mkdir', path, async (root, audit) => {
      const entry = await root.mkdir(path);
      await audit('file_directory_created', { path: entry.path });
      return entry;
    });
  }

  rename(rootId: string, from: string, to: string): Promise<FileEntry> {
    return this.run(rootId, 'rename', from, async (root, audit) => {
      const entry = await root.rename(from, to);
      await audit('file_renamed', { path: entry.path, from, size: entry.size, type: entry.type });
      return entry;
    });
  }

  copy(rootId: string, from: string, to: string): Promise<FileEntry & { skipped: string[] }> {
    return this.run(rootId, 'copy', from, async (root, audit) => {
      const { entry, files, bytes, skipped } = await root.copy(from, to);
      await audit('file_copied', { path: entry.path, from, size: bytes, files, skipped });
      return { ...entry, skipped };
    });
  }

  delete(rootId: string, path: string, recursive: boolean): Promise<void> {
    return this.run(rootId, 'delete', path, async (root, audit) => {
      const { type, bytes } = await root.remove(path, recursive);
      await audit('file_deleted', { path, type, size: bytes, recursive });
    });
  }

  chmod(rootId: string, path: string, mode: string): Promise<FileEntry> {
    return this.run(rootId, 'chmod', path, async (root, audit) => {
      const entry = await root.chmod(path, mode);
      await audit('file_mode_changed', { path: entry.path, mode: entry.mode });
      return entry;
    });
  }

  private async run<T>(
    rootId: string,
    operation: Operation,
    path: string | undefined,
    fn: (
      root: FileBackend,
      audit: (action: AuditAction, details: Record<string, unknown>) => Promise<void>,
      summary: FileRootSummary,
    ) => Promise<T>,
  ): Promise<T> {
    const summary = await this.roots.usable(rootId);
    const target = fileRootTarget(summary.id);
    const audit = (action: AuditAction, details: Record<string, unknown>) =>
      this.uow.run(async (tx) => {
        await tx.audit({
          action,
          target,
          result: 'success',
          details: { root: summary.name, ...details },
        });
      });
    let backend: FileBackend | null = null;
    let handedOver = false;
    try {
      if (WRITES.has(operation) && summary.readOnly) {
        throw new FileForbiddenError(`The root "${summary.name}" is read-only`);
      }
      backend = await this.backend(summary);
      const result = await fn(backend, audit, summary);
      handedOver = STREAMS.has(operation);
      return result;
    } catch (error) {
      if (error instanceof PathRefusedError) {
        // Kept on record although the request fails; repeated probing is counted, not flooded.
        await this.audit.recordRepeated(
          {
            action: 'file_access_refused',
            target,
            result: 'failure',
            details: { root: summary.name, operation, path: path ?? '', reason: error.message },
          },
          { sample: target },
        );
      }
      throw toHttpError(error);
    } finally {
      if (backend && !handedOver) await backend.close();
    }
  }

  /** The root's operations behind its guard: this host's file system, or SFTP on its SSH host. */
  private async backend(summary: FileRootSummary): Promise<FileBackend> {
    if (summary.kind === 'sftp' && summary.sshHostId) {
      return this.sftp.root(summary.sshHostId, summary.path);
    }
    return new LocalRoot(await RootGuard.open(summary.path));
  }
}
