import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AsciicastRecorder } from './asciicast-recorder';

describe('AsciicastRecorder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hyperion-cast-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const header = { width: 80, height: 24, timestamp: 1_700_000_000, term: 'xterm-256color' };
  const lines = (path: string) =>
    readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));

  it('writes asciicast v2: header, output (UTF-8 split across chunks), resize; input only when asked', async () => {
    const path = join(dir, 'a', 'one.cast');
    const r = new AsciicastRecorder(path, header, { recordInput: false, maxBytes: 1e6 });
    const euro = Buffer.from('€');
    r.recordOutput(Buffer.concat([Buffer.from('price '), euro.subarray(0, 1)]));
    r.recordOutput(euro.subarray(1));
    r.recordInput('secret\r');
    r.recordResize(100, 30);
    await r.close();
    const [head, ...events] = lines(path);
    expect(head).toEqual({
      version: 2,
      ...header,
      term: undefined,
      env: { TERM: 'xterm-256color' },
    });
    expect(events.map((e) => [e[1], e[2]])).toEqual([
      ['o', 'price '],
      ['o', '€'],
      ['r', '100x30'],
    ]);
    expect(r.size).toBe(readFileSync(path).length);

    const withInput = join(dir, 'a', 'two.cast');
    const i = new AsciicastRecorder(withInput, header, { recordInput: true, maxBytes: 1e6 });
    i.recordInput(Buffer.from('ls\r'));
    await i.close();
    expect(
      lines(withInput)
        .slice(1)
        .map((e) => [e[1], e[2]]),
    ).toEqual([['i', 'ls\r']]);
  });

  it('stops at its size cap with a final marker, never beyond', async () => {
    const path = join(dir, 'capped.cast');
    const r = new AsciicastRecorder(path, header, { recordInput: false, maxBytes: 2048 });
    for (let n = 0; n < 100; n++) r.recordOutput(Buffer.from('y'.repeat(100)));
    await r.close();
    const events = lines(path).slice(1);
    expect(events[events.length - 1][1]).toBe('m');
    expect(events[events.length - 1][2]).toMatch(/size limit/);
    expect(readFileSync(path).length).toBeLessThanOrEqual(2048);
    expect(events.filter((e) => e[1] === 'o').length).toBeGreaterThan(5);
  });
});
