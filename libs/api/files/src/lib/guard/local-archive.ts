import { randomBytes } from 'node:crypto';
import { constants, Stats } from 'node:fs';
import { link, lstat, mkdir, open, readdir, rename, rmdir, unlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';

import type { TreeItem } from './file-backend';
import { FileConflictError, PathRefusedError } from './file-errors';
import { MAX_TREE_DEPTH, openHeld, openHeldDir, removeHeldTree } from './held-files';
import { DirHandle, lstatOrNull } from './root-guard';
import type { ExtractSink, ExtractTarget } from './zip-extract';

/**
 * Zip download and extraction on a local root, below directories held open by the guard
 * (root-guard.ts): names looked up one component at a time in a held directory, files opened
 * with O_NOFOLLOW and compared with lstat, nothing followed.
 */

const { O_CREAT, O_EXCL, O_NOFOLLOW, O_WRONLY } = constants;

/**
 * The entries below the held directory `dir` (which the walk closes when done), depth first,
 * by name. Symlinks and special files are left out (listed in `skipped`). A file is opened only
 * when the consumer calls `open`, while its directory is still held.
 */
export async function* walkHeld(
  dir: DirHandle,
  prefix: string,
  skipped: string[],
  depth = 0,
): AsyncGenerator<TreeItem> {
  try {
    if (depth > MAX_TREE_DEPTH) throw new PathRefusedError('The tree is too deep to archive');
    for (const name of (await readdir(dir.self)).sort()) {
      const stats = await lstatOrNull(dir.at(name));
      const rel = prefix ? `${prefix}/${name}` : name;
      if (!stats) continue;
      if (stats.isDirectory()) {
        yield item(rel, 'directory', stats);
        yield* walkHeld(await openHeldDir(dir, name, stats), rel, skipped, depth + 1);
      } else if (stats.isFile()) {
        yield {
          ...item(rel, 'file', stats),
          open: async () => {
            const handle = await openHeld(dir, name, stats);
            return handle.createReadStream() as Readable;
          },
        };
      } else {
        skipped.push(rel);
      }
    }
  } finally {
    await dir.close();
  }
}

const item = (rel: string, type: 'file' | 'directory', s: Stats): TreeItem => ({
  rel,
  type,
  mode: s.mode & 0o777,
  mtime: s.mtime,
  size: s.size,
});

/** A held directory `segments` below `top` (each component checked); the caller closes it. */
async function descend(top: DirHandle, segments: string[]): Promise<DirHandle> {
  let dir = top;
  for (const name of segments) {
    const stats = await lstat(dir.at(name));
    const next = await openHeldDir(dir, name, stats);
    if (dir !== top) await dir.close();
    dir = next;
  }
  return dir;
}

/**
 * The destination of an extraction: `parent` holds the destination `name` (null: the root
 * itself, then `parent` is the root and the temporary directory goes inside it). `existing` is
 * what lstat found at the destination (a directory, or null).
 */
export function localExtractTarget(
  parent: DirHandle,
  name: string | null,
  existing: Stats | null,
): ExtractTarget {
  const destination = async (): Promise<DirHandle | null> => {
    if (name === null) return parent;
    if (!existing) return null;
    return openHeldDir(parent, name, existing);
  };
  return {
    async exists(top) {
      const dir = await destination();
      if (!dir) return false;
      try {
        return (await lstatOrNull(dir.at(top))) !== null;
      } finally {
        if (dir !== parent) await dir.close();
      }
    },
    async begin(): Promise<ExtractSink> {
      const temporary = `.hyperion-extract-${randomBytes(8).toString('hex')}`;
      await mkdir(parent.at(temporary), 0o700);
      const temp = await openHeldDir(parent, temporary, await lstat(parent.at(temporary)));
      const parentOf = (segments: string[]) => descend(temp, segments.slice(0, -1));
      const release = async (dir: DirHandle) => {
        if (dir !== temp) await dir.close();
      };
      return {
        async mkdir(segments, mode) {
          const dir = await parentOf(segments);
          try {
            await mkdir(dir.at(segments[segments.length - 1]), mode);
          } finally {
            await release(dir);
          }
        },
        async writeFile(segments, data, mode) {
          const dir = await parentOf(segments);
          try {
            const file = dir.at(segments[segments.length - 1]);
            const handle = await open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
            try {
              for await (const chunk of data as AsyncIterable<Buffer>) await handle.write(chunk);
            } finally {
              await handle.close();
            }
          } finally {
            await release(dir);
          }
        },
        async commit(tops) {
          if (name !== null && !existing) {
            // A new destination: the whole temporary directory takes its name.
            await rename(parent.at(temporary), parent.at(name));
            await temp.close();
            return;
          }
          const dir = (await destination()) as DirHandle;
          try {
            for (const top of tops) {
              const stats = await lstat(temp.at(top));
              if (stats.isDirectory()) {
                if (await lstatOrNull(dir.at(top))) {
                  throw new FileConflictError(`to: "${top}" appeared in the destination meanwhile`);
                }
                await rename(temp.at(top), dir.at(top));
              } else {
                // link(2) never replaces: a file that appeared meanwhile is kept (EEXIST, 409).
                await link(temp.at(top), dir.at(top));
                await unlink(temp.at(top));
              }
            }
          } finally {
            if (dir !== parent) await dir.close();
          }
          await temp.close();
          await rmdir(parent.at(temporary));
        },
        async abort() {
          await temp.close();
          const stats = await lstatOrNull(parent.at(temporary));
          if (stats?.isDirectory()) await removeHeldTree(parent, temporary, stats);
        },
      };
    },
  };
}
