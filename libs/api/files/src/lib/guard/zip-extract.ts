import { Readable, Transform } from 'node:stream';

import { FILE_RULES } from '@hyperion/contracts';
import * as yauzl from 'yauzl';

import { FileConflictError, FileTooLargeError, InvalidPathError } from './file-errors';

/**
 * Zip extraction, shared by every backend: the archive is read through a random-access reader
 * the backend opened through its guard, every entry is validated before anything is written,
 * then written by the backend into a temporary directory beside the destination and moved into
 * place (ExtractSink). A refused or failed extraction leaves nothing.
 */

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
/** The longest name most Linux file systems accept, in bytes (as the guard). */
const NAME_MAX = 255;

export interface ExtractLimits {
  entriesMax: number;
  bytesMax: number;
}

export const EXTRACT_LIMITS: ExtractLimits = {
  entriesMax: FILE_RULES.extractEntriesMax,
  bytesMax: FILE_RULES.extractBytesMax,
};

/** Where the archive is read from: opened by the backend through its guard. */
export interface ArchiveSource {
  reader: yauzl.RandomAccessReader;
  size: number;
}

/** The destination directory, before anything is written. */
export interface ExtractTarget {
  /** Whether a top-level name of the archive exists already in the destination. */
  exists(name: string): Promise<boolean>;
  /** Creates the temporary directory beside the destination (only once all checks passed). */
  begin(): Promise<ExtractSink>;
}

/** Writes inside the temporary directory; `segments` are validated names (never `..`). */
export interface ExtractSink {
  mkdir(segments: string[], mode: number): Promise<void>;
  writeFile(segments: string[], data: Readable, mode: number): Promise<void>;
  /** Moves the top-level names into the destination (or the whole directory when it was new). */
  commit(topNames: string[]): Promise<void>;
  /** Removes the temporary directory and whatever is in it. */
  abort(): Promise<void>;
}

interface Planned {
  name: string;
  segments: string[];
  directory: boolean;
  mode: number;
  entry: yauzl.Entry;
}

const shown = (name: string) => JSON.stringify(name);

/** Refuses a name that could leave the destination or mean something else than a plain path. */
export function entrySegments(name: string): string[] {
  const refuse = (why: string) =>
    new InvalidPathError(
      'path',
      `the archive's entry ${shown(name)} ${why}; nothing was extracted`,
    );
  if (name.includes('\0')) throw refuse('contains a NUL character');
  if (name.includes('\\')) throw refuse('contains a backslash');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw refuse('is an absolute path');
  const segments = name.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw refuse('leaves the destination with ".." (zip-slip)');
  if (segments.length === 0) throw refuse('has no name');
  if (segments.some((s) => Buffer.byteLength(s) > NAME_MAX)) {
    throw refuse(`has a name longer than ${NAME_MAX} bytes`);
  }
  return segments;
}

function nextEntry(zipfile: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zipfile.off('entry', onEntry);
      zipfile.off('end', onEnd);
      zipfile.off('error', onError);
    };
    const onEntry = (entry: yauzl.Entry) => (cleanup(), resolve(entry));
    const onEnd = () => (cleanup(), resolve(null));
    const onError = (error: Error) => (cleanup(), reject(error));
    zipfile.on('entry', onEntry);
    zipfile.once('end', onEnd);
    zipfile.once('error', onError);
    zipfile.readEntry();
  });
}

const damaged = (error: unknown) =>
  new InvalidPathError(
    'path',
    `is not a readable zip archive (${error instanceof Error ? error.message : String(error)})`,
  );

/** Every entry, validated (names, types, duplicates, limits); nothing is written yet. */
async function plan(zipfile: yauzl.ZipFile, limits: ExtractLimits): Promise<Planned[]> {
  if (zipfile.entryCount > limits.entriesMax) {
    throw new FileTooLargeError(
      `The archive has ${zipfile.entryCount} entries; at most ${limits.entriesMax} are extracted`,
    );
  }
  const planned: Planned[] = [];
  const files = new Set<string>();
  const explicit = new Set<string>();
  const implied = new Set<string>();
  let declared = 0;
  for (let entry = await nextEntry(zipfile); entry; entry = await nextEntry(zipfile)) {
    const raw = entry.fileNameRaw;
    const name = yauzl.getFileNameLowLevel(
      entry.generalPurposeBitFlag,
      raw,
      entry.extraFields,
      true,
    );
    const segments = entrySegments(name);
    const refuse = (why: string) =>
      new InvalidPathError(
        'path',
        `the archive's entry ${shown(name)} ${why}; nothing was extracted`,
      );
    const unixMode = (entry.externalFileAttributes >>> 16) & 0xffff;
    const type = unixMode & S_IFMT;
    if (type === S_IFLNK) throw refuse('is a symbolic link');
    if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) throw refuse('is a special file');
    if (entry.isEncrypted()) throw refuse('is encrypted');
    const directory = name.endsWith('/') || type === S_IFDIR;
    const key = segments.join('/');
    const taken = files.has(key) || explicit.has(key) || (!directory && implied.has(key));
    if (taken) throw refuse('appears twice (or is also a directory of another entry)');
    // Every parent must be (or become) a directory, never a file of the archive.
    for (let i = 1; i < segments.length; i++) {
      const parent = segments.slice(0, i).join('/');
      if (files.has(parent)) throw refuse(`is inside "${parent}", which the archive has as a file`);
      implied.add(parent);
    }
    (directory ? explicit : files).add(key);
    declared += directory ? 0 : entry.uncompressedSize;
    if (declared > limits.bytesMax) {
      throw new FileTooLargeError(
        `The archive holds more than ${limits.bytesMax} bytes once uncompressed (the limit)`,
      );
    }
    if (planned.length >= limits.entriesMax) {
      throw new FileTooLargeError(
        `The archive has more than ${limits.entriesMax} entries (the limit)`,
      );
    }
    const perm = unixMode & 0o777;
    planned.push({
      name,
      segments,
      directory,
      mode: directory ? (perm || 0o755) | 0o700 : (perm || 0o644) | 0o600,
      entry,
    });
  }
  return planned;
}

function openEntry(zipfile: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) =>
    zipfile.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))),
  );
}

/**
 * Validates the whole archive, checks its top-level names are free in the destination, then
 * writes into the sink's temporary directory counting the bytes really decompressed (not the
 * headers' claims), and commits. Any failure after `begin` aborts the sink.
 */
export async function extractZip(
  source: ArchiveSource,
  target: ExtractTarget,
  limits: ExtractLimits = EXTRACT_LIMITS,
): Promise<{ files: number; directories: number; bytes: number }> {
  let zipfile: yauzl.ZipFile;
  try {
    zipfile = await yauzl.fromRandomAccessReaderPromise(source.reader, source.size, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: false,
      validateEntrySizes: true,
    });
  } catch (error) {
    throw damaged(error);
  }
  // Errors reach the caller through `nextEntry` and `openEntry`; one raised between them must
  // not be an unhandled 'error' event (which ends the process).
  zipfile.on('error', () => undefined);
  try {
    let planned: Planned[];
    try {
      planned = await plan(zipfile, limits);
    } catch (error) {
      throw error instanceof InvalidPathError || error instanceof FileTooLargeError
        ? error
        : damaged(error);
    }
    const tops = [...new Set(planned.map((p) => p.segments[0]))];
    for (const top of tops) {
      if (await target.exists(top)) {
        throw new FileConflictError(
          `to: "${top}" (an entry of the archive) already exists in the destination; nothing was extracted`,
        );
      }
    }
    const sink = await target.begin();
    const outcome = { files: 0, directories: 0, bytes: 0 };
    try {
      const made = new Set<string>();
      const ensure = async (segments: string[], mode: number) => {
        for (let i = 1; i <= segments.length; i++) {
          const key = segments.slice(0, i).join('/');
          if (made.has(key)) continue;
          await sink.mkdir(segments.slice(0, i), i === segments.length ? mode : 0o755);
          made.add(key);
          outcome.directories += 1;
        }
      };
      for (const item of planned) {
        if (item.directory) {
          await ensure(item.segments, item.mode);
          continue;
        }
        await ensure(item.segments.slice(0, -1), 0o755);
        let data: Readable;
        try {
          data = await openEntry(zipfile, item.entry);
        } catch (error) {
          throw damaged(error);
        }
        // Counted as it is inflated: a bomb stops at the limit, whatever the headers claim.
        const counter = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            outcome.bytes += chunk.length;
            if (outcome.bytes > limits.bytesMax) {
              done(
                new FileTooLargeError(
                  `The archive holds more than ${limits.bytesMax} bytes once uncompressed (the limit); nothing was extracted`,
                ),
              );
            } else done(null, chunk);
          },
        });
        // An 'error' with no listener ends the whole process (a crafted archive as DoS): the
        // sink reads `counter` only after its own awaits (parent, open), and a lying entry can
        // fail before that; the error stays on the stream and the sink's read throws it.
        counter.on('error', () => undefined);
        data.on('error', (error) => counter.destroy(error));
        data.pipe(counter);
        try {
          await sink.writeFile(item.segments, counter, item.mode);
        } catch (error) {
          data.destroy();
          throw error instanceof FileTooLargeError ? error : mapped(error, item.name);
        }
        outcome.files += 1;
      }
      await sink.commit(tops);
    } catch (error) {
      await sink.abort();
      throw error;
    }
    return outcome;
  } finally {
    zipfile.close();
  }
}

function mapped(error: unknown, name: string): unknown {
  if (error instanceof InvalidPathError || error instanceof FileConflictError) return error;
  if (
    error instanceof Error &&
    /crc32|too many bytes|not enough bytes|invalid/i.test(error.message)
  ) {
    return new InvalidPathError(
      'path',
      `the archive's entry ${shown(name)} is damaged (${error.message})`,
    );
  }
  return error;
}

/** yauzl's random-access reader over ranges a backend reads from a file it opened. */
export class RangeReader extends yauzl.RandomAccessReader {
  constructor(private readonly range: (start: number, end: number) => Readable) {
    super();
  }

  /** `end` is exclusive (yauzl's convention). */
  override _readStreamForRange(start: number, end: number): Readable {
    return end <= start ? Readable.from([]) : this.range(start, end);
  }
}
