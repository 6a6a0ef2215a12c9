import { readFileSync } from 'node:fs';

import {
  commandLine,
  hasExited,
  isKernelThread,
  parseBootTime,
  parsePasswd,
  parseStat,
} from './proc';

/** A stat line of `pid (name) state ppid ...` with the fields Hyperion reads set. */
const statLine = (pid: number, name: string, state = 'S', flags = 4194560) =>
  `${pid} (${name}) ${state} 7 7 7 0 -1 ${flags} 10 0 0 0 250 50 0 0 20 0 1 0 12345 1000000 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0`;

describe('parseStat', () => {
  it('reads the fields of a stat line', () => {
    expect(parseStat(statLine(42, 'nginx'))).toEqual({
      pid: 42,
      name: 'nginx',
      state: 'sleeping',
      parentPid: 7,
      flags: 4194560,
      cpuTicks: 300,
      startTicks: 12345,
      rssPages: 300,
    });
  });

  it('keeps a name holding spaces and parentheses whole, and the fields after it in place', () => {
    const stat = parseStat(statLine(9, 'a) b (c', 'R'));
    expect(stat).toMatchObject({
      pid: 9,
      name: 'a) b (c',
      state: 'running',
      parentPid: 7,
      startTicks: 12345,
    });
  });

  it('reads its own process from the real /proc', () => {
    const stat = parseStat(readFileSync('/proc/self/stat', 'utf8'));
    expect(stat).toMatchObject({ pid: process.pid, parentPid: process.ppid, state: 'running' });
    expect(stat?.rssPages).toBeGreaterThan(0);
  });

  it('answers null for text that is not a stat line', () => {
    expect(parseStat('')).toBeNull();
    expect(parseStat('12 (x) S 1 2')).toBeNull();
    expect(parseStat('x (y) ' + 'S '.repeat(30))).toBeNull();
  });

  it('tells exited processes and kernel threads', () => {
    expect(hasExited(parseStat(statLine(5, 'sleep', 'Z')) ?? { state: 'running' })).toBe(true);
    expect(hasExited({ state: 'sleeping' })).toBe(false);
    // PF_KTHREAD (0x00200000) set, as kthreadd's children have it.
    expect(isKernelThread({ flags: 0x00208040 })).toBe(true);
    expect(isKernelThread({ flags: 4194560 })).toBe(false);
  });
});

describe('commandLine', () => {
  it('joins NUL-separated arguments, names kernel threads like ps, and cuts long lines', () => {
    expect(commandLine('sleep\u0000300\u0000', 'sleep', 100)).toBe('sleep 300');
    expect(commandLine('', 'kworker/0:1', 100)).toBe('[kworker/0:1]');
    expect(commandLine('a\nb\u0000c', 'a', 100)).toBe('a b c');
    expect(commandLine('x'.repeat(50), 'x', 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('parsePasswd and parseBootTime', () => {
  it('maps uids to the first name given them', () => {
    const users = parsePasswd(
      'root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\ntoor:x:0:0::/:/bin/sh\n# comment\n',
    );
    expect(users.get(0)).toBe('root');
    expect(users.get(33)).toBe('www-data');
    expect(users.size).toBe(2);
  });

  it('reads btime', () => {
    expect(parseBootTime('cpu  1 2 3\nbtime 1796660525\nprocesses 9\n')).toBe(1796660525);
    expect(parseBootTime('cpu 1 2 3\n')).toBeNull();
  });
});
