import type { ProcessListQuery, ProcessSortKey, SortOrder } from '@hyperion/contracts';
import { SYSTEM_RULES } from '@hyperion/contracts';

/** What searching and sorting a process needs. */
export interface QueryableProcess {
  pid: number;
  name: string;
  user: string;
  command: string;
  cpuPercent: number;
  memoryBytes: number;
}

const DEFAULT_ORDER: Readonly<Record<ProcessSortKey, SortOrder>> = {
  cpu: 'desc',
  memory: 'desc',
  pid: 'asc',
  name: 'asc',
};

const COMPARE: Readonly<
  Record<ProcessSortKey, (a: QueryableProcess, b: QueryableProcess) => number>
> = {
  cpu: (a, b) => a.cpuPercent - b.cpuPercent,
  memory: (a, b) => a.memoryBytes - b.memoryBytes,
  pid: (a, b) => a.pid - b.pid,
  name: (a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }),
};

/**
 * One page of the processes matching `q` (case-insensitive, in the name, the user or the
 * command line), sorted by `sort` in `order`; equal keys in pid order, so pages never overlap.
 */
export function queryProcesses<T extends QueryableProcess>(
  processes: readonly T[],
  query: ProcessListQuery,
): { items: T[]; total: number } {
  const sort = query.sort ?? 'cpu';
  const direction = (query.order ?? DEFAULT_ORDER[sort]) === 'asc' ? 1 : -1;
  const needle = query.q?.trim().toLowerCase() ?? '';
  const matching = needle
    ? processes.filter((p) =>
        [p.name, p.user, p.command].some((text) => text.toLowerCase().includes(needle)),
      )
    : [...processes];
  matching.sort((a, b) => direction * COMPARE[sort](a, b) || a.pid - b.pid);
  const offset = query.offset ?? 0;
  const limit = query.limit ?? SYSTEM_RULES.limitDefault;
  return { items: matching.slice(offset, offset + limit), total: matching.length };
}
