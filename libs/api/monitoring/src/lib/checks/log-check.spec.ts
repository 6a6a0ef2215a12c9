import {
  appendFileSync,
  mkdtempSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { CheckRun } from './run-check';
import { runCheck } from './run-check';

describe('log check', () => {
  let dir: string;
  let path: string;
  /** The monitor's memory between checks, as the scheduler keeps it. */
  let state: Record<string, unknown> | null;

  const check = async (pattern?: string): Promise<CheckRun> => {
    const run = await runCheck('log', { path, pattern }, { timeoutMs: 2000, state });
    state = run.state ?? null;
    return run;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hyperion-log-'));
    path = join(dir, 'app.log');
    writeFileSync(path, 'ERROR old failure\nINFO started\n');
    state = null;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('follows the file: only new matching lines are DOWN, once', async () => {
    // Lines already there when watching starts are not new.
    expect(await check()).toMatchObject({
      up: true,
      latencyMs: null,
      message: 'watching from the end (31 bytes)',
    });

    appendFileSync(path, 'INFO all fine\n');
    expect(await check()).toMatchObject({
      up: true,
      message: expect.stringContaining('no new line matches'),
    });

    appendFileSync(path, 'INFO still fine\nERROR boom\nERROR again\n');
    expect(await check()).toMatchObject({
      up: false,
      message: '2 new lines match \\bERROR\\b: ERROR boom',
    });

    expect(await check()).toMatchObject({
      up: true,
      message: 'no new line matches \\bERROR\\b (0 new lines)',
    });
  });

  it('reads a rotated file from its start', async () => {
    await check();
    renameSync(path, `${path}.1`);
    writeFileSync(path, 'ERROR in the new file\n');
    const run = await check();
    expect(run).toMatchObject({
      up: false,
      message: expect.stringContaining('1 new line matches \\bERROR\\b: ERROR in the new file'),
    });
    expect(run.message).toContain('new or truncated file: read from its start');
  });

  it('reads a truncated file from its start', async () => {
    await check();
    truncateSync(path, 0);
    appendFileSync(path, 'ERROR after truncation\n');
    expect(await check()).toMatchObject({
      up: false,
      message: expect.stringContaining('ERROR after truncation'),
    });
  });

  it('reads a file truncated and refilled past the old offset from its start', async () => {
    await check();
    truncateSync(path, 0);
    appendFileSync(path, 'ERROR after truncation, a line longer than the old file\n');
    expect(await check()).toMatchObject({
      up: false,
      message: expect.stringContaining('ERROR after truncation, a line longer'),
    });
  });

  it('counts a line only once its newline has arrived', async () => {
    await check();
    appendFileSync(path, 'ERROR half a li');
    expect(await check()).toMatchObject({
      up: true,
      message: expect.stringContaining('(0 new lines)'),
    });
    appendFileSync(path, 'ne\n');
    expect(await check()).toMatchObject({
      up: false,
      message: expect.stringContaining('ERROR half a line'),
    });
  });

  it('uses the pattern given, and names an invalid one', async () => {
    await check('timeout|refused');
    appendFileSync(path, 'ERROR boom\nWARN upstream refused\n');
    expect(await check('timeout|refused')).toMatchObject({
      up: false,
      message: expect.stringContaining('WARN upstream refused'),
    });
    expect(await check('(unclosed')).toMatchObject({
      up: false,
      message: expect.stringMatching(/^pattern: Invalid regular expression/),
    });
  });

  it('is down when the file is missing, and reads the next file there from its start', async () => {
    await check();
    rmSync(path);
    expect(await check()).toMatchObject({ up: false, message: `log file not found: ${path}` });
    writeFileSync(path, 'ERROR first line of the new file\n');
    expect(await check()).toMatchObject({
      up: false,
      message: expect.stringContaining('ERROR first line of the new file'),
    });
  });
});
