import type { ProcessState } from '@hyperion/contracts';

/** What one line of /proc/<pid>/stat says (proc(5)), the fields Hyperion uses. */
export interface ProcStat {
  pid: number;
  /** `comm`: the kernel's name, at most 15 characters; it may hold spaces and parentheses. */
  name: string;
  state: ProcessState;
  parentPid: number;
  /** The kernel's PF_* flags (PF_KTHREAD marks a kernel thread). */
  flags: number;
  /** User and system CPU time, in clock ticks. */
  cpuTicks: number;
  /** When it started, in clock ticks after boot: with the pid, the process's identity. */
  startTicks: number;
  /** Resident set size, in pages. */
  rssPages: number;
}

const PF_KTHREAD = 0x00200000;

const STATES: Readonly<Record<string, ProcessState>> = {
  R: 'running',
  S: 'sleeping',
  D: 'uninterruptible',
  Z: 'zombie',
  T: 'stopped',
  t: 'traced',
  X: 'dead',
  x: 'dead',
  I: 'idle',
};

/**
 * Parses /proc/<pid>/stat. The name sits between the first "(" and the LAST ")", because a
 * process may name itself "a) b (c" — splitting on spaces would shift every field after it.
 * Null for text that is not a stat line.
 */
export function parseStat(text: string): ProcStat | null {
  const open = text.indexOf(' (');
  const close = text.lastIndexOf(')');
  if (open < 1 || close < open) return null;
  const pid = Number(text.slice(0, open));
  // After the name, fields 3 (state) onwards: field n is rest[n - 3].
  const rest = text
    .slice(close + 2)
    .trim()
    .split(' ');
  if (!Number.isInteger(pid) || rest.length < 22) return null;
  const numbers = [rest[1], rest[6], rest[11], rest[12], rest[19], rest[21]].map(Number);
  if (numbers.some((n) => !Number.isSafeInteger(n) || n < 0)) return null;
  const [parentPid, flags, utime, stime, startTicks, rssPages] = numbers;
  return {
    pid,
    name: text.slice(open + 2, close),
    state: STATES[rest[0]] ?? 'other',
    parentPid,
    flags,
    cpuTicks: utime + stime,
    startTicks,
    rssPages,
  };
}

export function isKernelThread(stat: Pick<ProcStat, 'flags'>): boolean {
  return (stat.flags & PF_KTHREAD) !== 0;
}

/** An exited process: nothing left to signal (a zombie only waits for its parent). */
export function hasExited(stat: Pick<ProcStat, 'state'>): boolean {
  return stat.state === 'zombie' || stat.state === 'dead';
}

/**
 * /proc/<pid>/cmdline (arguments separated and ended by NUL) as one line, `[name]` when empty
 * (kernel threads, zombies), like `ps`; cut to `max` characters with "…".
 */
export function commandLine(raw: string, name: string, max: number): string {
  const line = raw.replace(/\0+$/, '').replace(/[\0\n\r\t]/g, ' ');
  if (line.trim() === '') return `[${name}]`;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** /etc/passwd → uid → user name. */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    const [name, , uid] = line.split(':');
    if (name && uid && /^\d+$/.test(uid) && !users.has(Number(uid))) users.set(Number(uid), name);
  }
  return users;
}

/** `btime` of /proc/stat: when the host booted, in seconds since the epoch. */
export function parseBootTime(procStat: string): number | null {
  const match = /^btime (\d+)$/m.exec(procStat);
  return match ? Number(match[1]) : null;
}
