import { randomBytes } from 'node:crypto';
import { constants, Stats } from 'node:fs';
import { FileHandle, link, lstat, mkdir, open, readdir, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

import { FileTooLargeError, PathRefusedError } from './file-errors';
import { DirHandle, lstatOrNull, sameFile } from './root-guard';

/**
 * File work below a directory already held open by the guard (DirHandle): every name here is
 * one component looked up in a held directory, every file opened with O_NOFOLLOW and compared
 * with what lstat saw. Nothing here takes a client path; root-guard.ts is the only way in.
 */

const { O_CREAT, O_DIRECTORY, O_EXCL, O_NOFOLLOW, O_NONBLOCK, O_RDONLY, O_WRONLY } = constants;

/** Deeper trees are refused by copy and recursive delete (a loop guard, far beyond real use). */
export const MAX_TREE_DEPTH = 64;

/**
 * Opens `name` in `dir` for reading, without following a symlink, and checks it is the entry
 * `expected` (lstat) describes: a file swapped in between is refused. O_NONBLOCK keeps a FIFO
 * from hanging the request.
 */
export async function openHeld(dir: DirHandle, name: string, expected: Stats): Promise<FileHandle> {
  const handle = await open(dir.at(name), O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  const opened = await handle.stat().catch(async (error: unknown) => {
    await handle.close();
    throw error;
  });
  if (!sameFile(opened, expected)) {
    await handle.close();
    throw new PathRefusedError(`"${name}" changed while it was opened`);
  }
  return handle;
}

/** A subdirectory of a held directory, held in turn (checked as openHeld checks files). */
export async function openHeldDir(
  dir: DirHandle,
  name: string,
  expected: Stats,
): Promise<DirHandle> {
  const handle = await open(dir.at(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  const opened = await handle.stat();
  if (!sameFile(opened, expected)) {
    await handle.close();
    throw new PathRefusedError(`"${name}" changed while it was opened`);
  }
  return new DirHandle(handle, join(dir.real, name));
}

/** A temporary name in the same directory, so the final rename or link is atomic. */
export const temporaryName = () => `.hyperion-upload-${randomBytes(8).toString('hex')}`;

/**
 * Streams `body` into a new temporary file of `dir` (O_CREAT | O_EXCL | O_NOFOLLOW), at most
 * `maxBytes`, synced to disk. Returns its name and size; on any failure nothing is left.
 */
export async function streamToTemporary(
  dir: DirHandle,
  body: AsyncIterable<Uint8Array> | Readable,
  maxBytes: number,
  mode: number,
): Promise<{ name: string; size: number }> {
  const name = temporaryName();
  const handle = await open(dir.at(name), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > maxBytes) {
        throw new FileTooLargeError(`The file is larger than the limit of ${maxBytes} bytes`);
      }
      // Awaiting each write pulls the next chunk only then: memory stays at one chunk.
      await handle.write(chunk);
    }
    await handle.chmod(mode);
    await handle.datasync();
    await handle.close();
    return { name, size };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(dir.at(name)).catch(() => undefined);
    throw error;
  }
}

/**
 * Gives the temporary file its final name only if nothing exists there: link(2) fails with
 * EEXIST atomically, so a file created meanwhile is never replaced. The temporary name goes.
 */
export async function publishCreateOnly(dir: DirHandle, temporary: string, name: string) {
  try {
    await link(dir.at(temporary), dir.at(name));
  } finally {
    await unlink(dir.at(temporary)).catch(() => undefined);
  }
}

/** Copies one regular file between held directories (create-only). Returns its size. */
export async function copyHeldFile(
  from: DirHandle,
  fromName: string,
  expected: Stats,
  to: DirHandle,
  toName: string,
): Promise<number> {
  const source = await openHeld(from, fromName, expected);
  try {
    const { name, size } = await streamToTemporary(
      to,
      source.createReadStream({ autoClose: false }),
      Number.MAX_SAFE_INTEGER,
      expected.mode & 0o777,
    );
    await publishCreateOnly(to, name, toName);
    return size;
  } finally {
    await source.close().catch(() => undefined);
  }
}

export interface TreeOutcome {
  files: number;
  bytes: number;
  /** Relative paths not copied: symlinks and special files are never followed nor recreated. */
  skipped: string[];
}

/** Copies a directory tree between held directories; `toName` must not exist. */
export async function copyHeldTree(
  from: DirHandle,
  fromName: string,
  expected: Stats,
  to: DirHandle,
  toName: string,
  outcome: TreeOutcome = { files: 0, bytes: 0, skipped: [] },
  prefix = '',
  depth = 0,
): Promise<TreeOutcome> {
  if (depth > MAX_TREE_DEPTH) throw new PathRefusedError('The tree is too deep to copy');
  const source = await openHeldDir(from, fromName, expected);
  try {
    await mkdir(to.at(toName), expected.mode & 0o777);
    const made = await lstat(to.at(toName));
    const target = await openHeldDir(to, toName, made);
    try {
      for (const child of await readdir(source.self)) {
        const stats = await lstatOrNull(source.at(child));
        const rel = prefix ? `${prefix}/${child}` : child;
        if (stats?.isDirectory()) {
          await copyHeldTree(source, child, stats, target, child, outcome, rel, depth + 1);
        } else if (stats?.isFile()) {
          outcome.bytes += await copyHeldFile(source, child, stats, target, child);
          outcome.files += 1;
        } else if (stats) {
          outcome.skipped.push(rel);
        }
      }
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
  return outcome;
}

/**
 * Deletes a directory tree below a held directory. Never follows a symlink: a link inside is
 * removed as a link (its target untouched), subdirectories are opened with O_NOFOLLOW.
 */
export async function removeHeldTree(
  parent: DirHandle,
  name: string,
  expected: Stats,
  outcome: { files: number; bytes: number } = { files: 0, bytes: 0 },
  depth = 0,
): Promise<{ files: number; bytes: number }> {
  if (depth > MAX_TREE_DEPTH) throw new PathRefusedError('The tree is too deep to delete');
  const dir = await openHeldDir(parent, name, expected);
  try {
    for (const child of await readdir(dir.self)) {
      const stats = await lstatOrNull(dir.at(child));
      if (!stats) continue;
      if (stats.isDirectory()) {
        await removeHeldTree(dir, child, stats, outcome, depth + 1);
      } else {
        await unlink(dir.at(child));
        outcome.files += 1;
        if (stats.isFile()) outcome.bytes += stats.size;
      }
    }
  } finally {
    await dir.close();
  }
  await rmdir(parent.at(name));
  return outcome;
}
