import { createHash } from 'node:crypto';
import { type FileHandle, open } from 'node:fs/promises';

import type { CheckContext, CheckRun } from './check-support';
import { down, errorText, TargetError, TargetFields, truncate, up } from './check-support';

const DEFAULT_PATTERN = '\\bERROR\\b';
/** A check reads at most this much; the rest waits for the next check. */
const READ_MAX = 8 * 1024 * 1024;
/** The file's first bytes, hashed, tell a refilled or recreated file from the one read before. */
const HEAD_MAX = 512;
const NEWLINE = 0x0a;

/**
 * Where the previous check stopped, and in which file: device and inode (as strings: they may
 * exceed 2^53), and a hash of its first `headLength` bytes, since a deleted file's inode is
 * soon reused and a truncated file may have grown past the old offset by the next check.
 */
interface LogState {
  dev: string;
  ino: string;
  offset: number;
  size: number;
  head: string;
  headLength: number;
}

/** Read from the start by the next check, whatever file is there then. */
const NO_FILE: LogState = { dev: '', ino: '', offset: 0, size: 0, head: '', headLength: 0 };

/** A log file gained no line matching the pattern since the last check; rotation-safe. */
export async function checkLog(target: unknown, { state }: CheckContext): Promise<CheckRun> {
  const fields = new TargetFields(target);
  const path = fields.string('path');
  const source = fields.optionalString('pattern') || DEFAULT_PATTERN;
  let pattern: RegExp;
  try {
    pattern = new RegExp(source);
  } catch (error) {
    throw new TargetError(`pattern: ${errorText(error)}`);
  }

  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      ...down(missing ? `log file not found: ${path}` : `${path}: ${errorText(error)}`),
      state: { ...NO_FILE },
    };
  }
  try {
    return await follow(file, path, pattern, source, readState(state));
  } finally {
    await file.close();
  }
}

async function follow(
  file: FileHandle,
  path: string,
  pattern: RegExp,
  source: string,
  previous: LogState | null,
): Promise<CheckRun> {
  // Identity and content from the open descriptor: one file even if the path moves meanwhile.
  const stats = await file.stat({ bigint: true });
  if (!stats.isFile())
    return { ...down(`not a regular file: ${path}`), state: previous && { ...previous } };
  const size = Number(stats.size);
  const headLength = Math.min(size, HEAD_MAX);
  const identity = {
    dev: stats.dev.toString(),
    ino: stats.ino.toString(),
    size,
    headLength,
    head: await headHash(file, headLength),
  };
  if (!previous) {
    // Lines already there are not new.
    return { ...up(`watching from the end (${size} bytes)`), state: { ...identity, offset: size } };
  }

  const sameFile =
    identity.dev === previous.dev &&
    identity.ino === previous.ino &&
    size >= previous.offset &&
    (await headHash(file, previous.headLength)) === previous.head;
  const from = sameFile ? previous.offset : 0;
  const chunk = Buffer.alloc(Math.min(size - from, READ_MAX));
  const { bytesRead } = await file.read(chunk, 0, chunk.length, from);
  const { lines, consumed } = completeLines(
    chunk.subarray(0, bytesRead),
    chunk.length === READ_MAX,
  );
  const nextState = { ...identity, offset: from + consumed };

  let notes = sameFile ? '' : ' (new or truncated file: read from its start)';
  if (nextState.offset < size && chunk.length === READ_MAX) notes += ' (more to read next check)';
  const matches = lines.filter((line) => pattern.test(line));
  if (matches.length === 0) {
    const count = `${lines.length} new line${lines.length === 1 ? '' : 's'}`;
    return { ...up(`no new line matches ${source} (${count})${notes}`), state: nextState };
  }
  const count = matches.length === 1 ? '1 new line matches' : `${matches.length} new lines match`;
  return {
    ...down(`${count} ${source}: ${truncate(matches[0].trim(), 200)}${notes}`),
    state: nextState,
  };
}

/**
 * The whole lines of what was read. A last line without its newline is still being written: it
 * is read whole next time, unless one line fills a whole read (then it is taken, to move on).
 */
function completeLines(read: Buffer, fullRead: boolean): { lines: string[]; consumed: number } {
  const lastNewline = read.lastIndexOf(NEWLINE);
  const consumed = lastNewline >= 0 ? lastNewline + 1 : fullRead ? read.length : 0;
  const lines = read.subarray(0, consumed).toString('utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return { lines: lines.map((line) => line.replace(/\r$/, '')), consumed };
}

async function headHash(file: FileHandle, length: number): Promise<string> {
  const head = Buffer.alloc(length);
  const { bytesRead } = await file.read(head, 0, length, 0);
  return createHash('sha256').update(head.subarray(0, bytesRead)).digest('base64url');
}

/** The state as stored (JSON from the database): anything malformed counts as a first run. */
function readState(state: Record<string, unknown> | null): LogState | null {
  if (!state) return null;
  const { dev, ino, offset, size, head, headLength } = state;
  const isCount = (n: unknown): n is number =>
    typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  const texts = [dev, ino, head].every((text) => typeof text === 'string');
  if (!texts || !isCount(offset) || !isCount(size) || !isCount(headLength)) return null;
  return { dev, ino, offset, size, head, headLength } as LogState;
}
