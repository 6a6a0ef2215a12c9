import { Readable } from 'node:stream';

import type { FileEntryWithStats, InputAttributes, OpenMode, SFTPWrapper, Stats } from 'ssh2';

import {
  FileConflictError,
  FileForbiddenError,
  FileOperationError,
  PathNotFoundError,
  RemoteFileError,
} from './file-errors';

/** How long one SFTP request may take before the operation fails (502) and the connection ends. */
export const SFTP_REQUEST_TIMEOUT_MS = 30_000;

/** SFTP status codes (draft-ietf-secsh-filexfer-02, what OpenSSH speaks). */
const NO_SUCH_FILE = 2;
const PERMISSION_DENIED = 3;
const FAILURE = 4;

export type SftpHandle = Buffer;

/**
 * The SFTP requests the file manager uses, as promises, each bounded in time. On a timeout the
 * whole connection is ended (a request left pending would hold it). The session owns the SSH
 * connection: `close` ends both, once.
 */
export class SftpSession {
  private closed = false;

  constructor(
    private readonly sftp: SFTPWrapper,
    private readonly end: () => void,
    private readonly timeoutMs = SFTP_REQUEST_TIMEOUT_MS,
  ) {}

  private call<T>(
    what: string,
    fn: (cb: (error: Error | undefined | null, value?: T) => void) => void,
  ) {
    if (this.closed) return Promise.reject(new RemoteFileError('SFTP: the connection is closed'));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new RemoteFileError(`SFTP: ${what} took longer than ${this.timeoutMs / 1000} s`));
        void this.close();
      }, this.timeoutMs);
      try {
        fn((error, value) => {
          clearTimeout(timer);
          if (error) reject(error);
          else resolve(value as T);
        });
      } catch (error) {
        clearTimeout(timer);
        reject(error);
      }
    });
  }

  realpath(path: string): Promise<string> {
    return this.call('realpath', (cb) => this.sftp.realpath(path, cb));
  }

  lstat(path: string): Promise<Stats> {
    return this.call('lstat', (cb) => this.sftp.lstat(path, cb));
  }

  async lstatOrNull(path: string): Promise<Stats | null> {
    try {
      return await this.lstat(path);
    } catch (error) {
      if (sftpCode(error) === NO_SUCH_FILE) return null;
      throw error;
    }
  }

  /** `flags` as ssh2 spells them: 'r', 'wx' (create exclusively) ... */
  open(path: string, flags: OpenMode, mode?: number): Promise<SftpHandle> {
    return this.call('open', (cb) =>
      this.sftp.open(path, flags, mode === undefined ? {} : { mode }, cb),
    );
  }

  closeHandle(handle: SftpHandle): Promise<void> {
    return this.call('close', (cb) => this.sftp.close(handle, cb));
  }

  fstat(handle: SftpHandle): Promise<Stats> {
    return this.call('fstat', (cb) => this.sftp.fstat(handle, cb));
  }

  read(handle: SftpHandle, buffer: Buffer, length: number, position: number): Promise<number> {
    return this.call<number>('read', (cb) =>
      this.sftp.read(handle, buffer, 0, length, position, (error, bytesRead) =>
        cb(error, bytesRead),
      ),
    );
  }

  write(handle: SftpHandle, buffer: Buffer, position: number): Promise<void> {
    return this.call('write', (cb) =>
      this.sftp.write(handle, buffer, 0, buffer.length, position, cb),
    );
  }

  /** fsync@openssh.com when the server offers it (OpenSSH does); otherwise nothing. */
  async fsync(handle: SftpHandle): Promise<void> {
    try {
      await this.call('fsync', (cb) => this.sftp.ext_openssh_fsync(handle, (e) => cb(e)));
    } catch (error) {
      if (error instanceof FileOperationError) throw error;
    }
  }

  fchmod(handle: SftpHandle, mode: number): Promise<void> {
    return this.call('fchmod', (cb) => this.sftp.fchmod(handle, mode, cb));
  }

  setstat(path: string, attributes: InputAttributes): Promise<void> {
    return this.call('setstat', (cb) => this.sftp.setstat(path, attributes, cb));
  }

  readdir(path: string): Promise<FileEntryWithStats[]> {
    return this.call('readdir', (cb) => this.sftp.readdir(path, cb));
  }

  mkdir(path: string, mode: number): Promise<void> {
    return this.call('mkdir', (cb) => this.sftp.mkdir(path, { mode }, cb));
  }

  rmdir(path: string): Promise<void> {
    return this.call('rmdir', (cb) => this.sftp.rmdir(path, cb));
  }

  unlink(path: string): Promise<void> {
    return this.call('unlink', (cb) => this.sftp.unlink(path, cb));
  }

  /** The protocol's rename: OpenSSH never replaces an existing target (link(2), then unlink). */
  renameNoReplace(from: string, to: string): Promise<void> {
    return this.call('rename', (cb) => this.sftp.rename(from, to, cb));
  }

  /** posix-rename@openssh.com: rename(2), atomically replacing the target. */
  renameReplace(from: string, to: string): Promise<void> {
    return this.call('posix-rename', (cb) => this.sftp.ext_openssh_rename(from, to, cb));
  }

  /**
   * A stream of `handle` from `start` to `end` (exclusive), a few reads ahead (each is a round
   * trip), pushed in order; `done` runs once when the stream closes.
   */
  readStream(handle: SftpHandle, start: number, end: number, done?: () => void): Readable {
    const CHUNK = 32 * 1024;
    const AHEAD = 8;
    let next = start;
    const pending: Promise<Buffer>[] = [];
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      done?.();
    };
    const fill = () => {
      while (pending.length < AHEAD && next < end) {
        const length = Math.min(CHUNK, end - next);
        const buffer = Buffer.allocUnsafe(length);
        const read = this.read(handle, buffer, length, next).then((n) => buffer.subarray(0, n));
        // Handled where it is awaited; this keeps an unread failure from going unhandled.
        read.catch(() => undefined);
        pending.push(read);
        next += length;
      }
    };
    const stream = new Readable({
      highWaterMark: CHUNK * 2,
      read: () => {
        fill();
        const first = pending.shift();
        if (!first) return void stream.push(null);
        first.then(
          (chunk) => {
            // A short read means the file is shorter than it was: stop there.
            if (chunk.length === 0) return void stream.push(null);
            stream.push(chunk);
          },
          (error: unknown) => stream.destroy(error as Error),
        );
      },
    });
    stream.once('close', release);
    return stream;
  }

  /** Ends the SFTP channel and the SSH connection (and its jump hosts). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      this.sftp.end();
    } finally {
      this.end();
    }
  }
}

export const sftpCode = (error: unknown): number | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
};

/**
 * The SFTP server's status as one of our errors. OpenSSH answers FAILURE for "exists" (mkdir,
 * rename without replace), "not empty" (rmdir) and most other refusals: a conflict.
 */
export function fromSftp(error: unknown, field: string, path: string): unknown {
  if (error instanceof FileOperationError) return error;
  switch (sftpCode(error)) {
    case NO_SUCH_FILE:
      return new PathNotFoundError(`${field}: "${path}" does not exist`);
    case PERMISSION_DENIED:
      return new FileForbiddenError(`${field}: the SSH user may not change "${path}"`);
    case FAILURE:
      return new FileConflictError(
        `${field}: the SFTP server refused the operation on "${path}" (it exists already, a directory is not empty, or similar)`,
      );
    case undefined:
      return error instanceof Error ? new RemoteFileError(`SFTP: ${error.message}`) : error;
    default:
      return new RemoteFileError(`SFTP: ${(error as Error).message}`);
  }
}
