import { isKernelThread, ProcStat } from './proc';

/** Why a process may not be stopped: the audit entry's `reason` and the 409's message. */
export interface Protection {
  reason: 'init' | 'kernel_thread' | 'hyperion' | 'hyperion_parent';
  message: string;
}

/** Hyperion's own pid and the pids it runs under (e.g. `npm start`, a shell, a supervisor). */
export interface Lineage {
  self: number;
  parents: ReadonlySet<number>;
}

/** The longest chain of parents followed (a real one is a handful; this bounds a loop on bad data). */
const MAX_DEPTH = 128;

/**
 * Hyperion's lineage: its pid and every parent up to pid 1, each found through `parentOf`
 * (undefined when that process is not found).
 */
export function lineageOf(
  self: number,
  firstParent: number,
  parentOf: (pid: number) => number | undefined,
): Lineage {
  const parents = new Set<number>();
  let pid: number | undefined = firstParent;
  while (pid !== undefined && pid > 1 && !parents.has(pid) && parents.size < MAX_DEPTH) {
    parents.add(pid);
    pid = parentOf(pid);
  }
  return { self, parents };
}

/**
 * Null when the process may be stopped. Never pid 1 (the host's — or the container's — init:
 * the host would go down with it), a kernel thread (signals do not stop it), Hyperion itself,
 * or a process Hyperion runs under (stopping `npm start` or the shell that runs it stops
 * Hyperion too).
 */
export function protectionOf(
  target: Pick<ProcStat, 'pid' | 'name' | 'flags'>,
  lineage: Lineage,
): Protection | null {
  const { pid, name } = target;
  if (pid === 1) {
    return {
      reason: 'init',
      message: `pid 1 (${name}) is the init process of this host: stopping it would bring the host down`,
    };
  }
  if (isKernelThread(target)) {
    return {
      reason: 'kernel_thread',
      message: `pid ${pid} (${name}) is a kernel thread: signals do not stop it`,
    };
  }
  if (pid === lineage.self) {
    return { reason: 'hyperion', message: `pid ${pid} (${name}) is Hyperion itself` };
  }
  if (lineage.parents.has(pid)) {
    return {
      reason: 'hyperion_parent',
      message: `pid ${pid} (${name}) is a parent process of Hyperion: stopping it would stop Hyperion`,
    };
  }
  return null;
}
