import { QueryableProcess, queryProcesses } from './process-query';

const p = (
  pid: number,
  name: string,
  cpuPercent: number,
  memoryBytes: number,
  user = 'root',
  command = name,
) => ({ pid, name, user, command, cpuPercent, memoryBytes }) satisfies QueryableProcess;

const processes = [
  p(10, 'nginx', 5, 300),
  p(11, 'Postgres', 20, 900, 'postgres', 'postgres: checkpointer'),
  p(12, 'sleep', 0, 100, 'alice', 'sleep 300'),
  p(13, 'node', 20, 500, 'hyperion', 'node dist/main.js --Port 3000'),
  p(2, 'bash', 0, 200),
];

const pids = (query: Parameters<typeof queryProcesses>[1]) =>
  queryProcesses(processes, query).items.map((x) => x.pid);

describe('queryProcesses', () => {
  it('sorts by CPU, busiest first, equal CPU in pid order', () => {
    expect(pids({})).toEqual([11, 13, 10, 2, 12]);
  });

  it('sorts by memory, pid or name, each in its natural order unless asked', () => {
    expect(pids({ sort: 'memory' })).toEqual([11, 13, 10, 2, 12]);
    expect(pids({ sort: 'memory', order: 'asc' })).toEqual([12, 2, 10, 13, 11]);
    expect(pids({ sort: 'pid' })).toEqual([2, 10, 11, 12, 13]);
    expect(pids({ sort: 'name' })).toEqual([2, 10, 13, 11, 12]);
    expect(pids({ sort: 'name', order: 'desc' })).toEqual([12, 11, 13, 10, 2]);
  });

  it('finds text in the name, the user or the command line, ignoring case', () => {
    expect(pids({ q: 'SLEEP' })).toEqual([12]);
    expect(pids({ q: 'alice' })).toEqual([12]);
    expect(pids({ q: 'port 3000' })).toEqual([13]);
    expect(pids({ q: 'postgres' })).toEqual([11]);
    expect(queryProcesses(processes, { q: 'nothing like it' })).toEqual({ items: [], total: 0 });
  });

  it('pages without overlap and counts every match', () => {
    const first = queryProcesses(processes, { sort: 'pid', limit: 2 });
    const second = queryProcesses(processes, { sort: 'pid', limit: 2, offset: 2 });
    expect(first.items.map((x) => x.pid)).toEqual([2, 10]);
    expect(second.items.map((x) => x.pid)).toEqual([11, 12]);
    expect(first.total).toBe(5);
    expect(queryProcesses(processes, { offset: 10 }).items).toEqual([]);
  });
});
