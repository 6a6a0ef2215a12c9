/**
 * What can go wrong with a file operation, independent of HTTP: the controller's filter maps
 * each class to one status (see file-http-errors.ts), so nothing a client sends ends in a 500.
 */
export abstract class FileOperationError extends Error {
  abstract readonly status: number;
}

/** 400: the path (or another field) is malformed; `field` names it. */
export class InvalidPathError extends FileOperationError {
  readonly status = 400;
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** 403: a symlink, or a path that resolves outside the root. Audited as a refusal. */
export class PathRefusedError extends FileOperationError {
  readonly status = 403;
}

/** 403: the operating system refuses (permissions, read-only file system), or a read-only root. */
export class FileForbiddenError extends FileOperationError {
  readonly status = 403;
}

export class PathNotFoundError extends FileOperationError {
  readonly status = 404;
}

/** 409: exists already, changed since listed (version), directory not empty. */
export class FileConflictError extends FileOperationError {
  readonly status = 409;
}

export class FileTooLargeError extends FileOperationError {
  readonly status = 413;
}

export class InsufficientStorageError extends FileOperationError {
  readonly status = 507;
}

const errnoOf = (error: unknown): string | undefined =>
  (error as NodeJS.ErrnoException | null)?.code;

/**
 * The operating system's error as one of ours. ELOOP means a symlink met with O_NOFOLLOW (a
 * swap between the check and the open): a refusal like any other symlink. Unknown errors are
 * returned as they are (a real fault of the server).
 */
export function fromErrno(error: unknown, field: string, path: string): unknown {
  if (error instanceof FileOperationError) return error;
  switch (errnoOf(error)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new PathNotFoundError(`${field}: "${path}" does not exist`);
    case 'ELOOP':
      return new PathRefusedError(`${field}: "${path}" is a symbolic link`);
    case 'EEXIST':
      return new FileConflictError(`${field}: "${path}" already exists`);
    case 'ENOTEMPTY':
      return new FileConflictError(`${field}: directory "${path}" is not empty`);
    case 'EISDIR':
      return new FileConflictError(`${field}: "${path}" is a directory`);
    case 'EINVAL':
      return new InvalidPathError(field, `"${path}" cannot be used here (e.g. into itself)`);
    case 'ENAMETOOLONG':
      return new InvalidPathError(field, 'a name is too long');
    case 'EXDEV':
      return new FileConflictError(`${field}: "${path}" is on another file system`);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new FileForbiddenError(`${field}: the server may not change "${path}"`);
    case 'ENOSPC':
    case 'EDQUOT':
      return new InsufficientStorageError('No space left on the file system of the root');
    default:
      return error;
  }
}

/** 502: the SFTP server of a root failed, timed out, or the connection was lost. */
export class RemoteFileError extends FileOperationError {
  readonly status = 502;
}
