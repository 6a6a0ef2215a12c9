import type { Readable } from 'node:stream';

import { ZipFile } from 'yazl';

import type { TreeItem } from './file-backend';

/** What a zip download put in the archive. */
export interface ZipOutcome {
  entries: number;
  bytes: number;
  /** False when the client went away (or a read failed) before the archive ended. */
  complete: boolean;
}

const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

/**
 * Streams the items of a walk as a zip (yazl). The walk is paced by the client: the next item
 * is taken, and its file opened, only once the previous file has been read into the zip, which
 * is read only as fast as the response drains. So memory holds one chunk, and one file is open
 * at a time. When the client goes away, the walk stops and the open file is released.
 */
export function streamZip(
  items: AsyncIterable<TreeItem>,
  release: () => Promise<void>,
): {
  stream: Readable;
  done: Promise<ZipOutcome>;
} {
  const zip = new ZipFile();
  const stream = zip.outputStream as Readable;
  const outcome: ZipOutcome = { entries: 0, bytes: 0, complete: false };
  let gone = false;
  let abortCurrent: (() => void) | null = null;
  stream.once('close', () => {
    gone = true;
    abortCurrent?.();
  });

  const done = (async () => {
    try {
      for await (const item of items) {
        if (gone) break;
        const options = {
          mtime: item.mtime,
          mode: (item.type === 'file' ? S_IFREG : S_IFDIR) | (item.mode & 0o777),
        };
        if (item.type === 'directory') {
          zip.addEmptyDirectory(item.rel, options);
          outcome.entries += 1;
          continue;
        }
        const open = item.open;
        if (!open) continue;
        // Added lazily: opened when yazl reaches it; the walk waits until it has been read.
        await new Promise<void>((resolve, reject) => {
          abortCurrent = () => reject(new Error('The client went away'));
          zip.addReadStreamLazy(item.rel, options, (cb) => {
            open().then(
              (file) => {
                file.on('data', (chunk: Buffer) => (outcome.bytes += chunk.length));
                file.once('end', () => resolve());
                file.on('error', reject);
                abortCurrent = () => {
                  file.destroy();
                  reject(new Error('The client went away'));
                };
                cb(null, file);
              },
              (error: unknown) => {
                reject(error);
                cb(error as Error, undefined as unknown as Readable);
              },
            );
          });
        });
        abortCurrent = null;
        outcome.entries += 1;
      }
      if (!gone) {
        zip.end();
        await new Promise<void>((resolve) => {
          stream.once('end', resolve);
          stream.once('close', resolve);
        });
        outcome.complete = !gone || stream.readableEnded;
      }
    } catch {
      // A file that could not be read (it changed, it went): the archive is cut short.
      stream.destroy(new Error('The archive could not be completed'));
    } finally {
      await release();
    }
    return outcome;
  })();
  return { stream, done };
}
