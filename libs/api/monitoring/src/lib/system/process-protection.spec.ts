import { lineageOf, protectionOf } from './process-protection';

describe('lineageOf', () => {
  it('follows the parents up to, not including, pid 1', () => {
    const parents = new Map([
      [300, 200],
      [200, 100],
      [100, 1],
    ]);
    const lineage = lineageOf(400, 300, (pid) => parents.get(pid));
    expect(lineage.self).toBe(400);
    expect([...lineage.parents]).toEqual([300, 200, 100]);
  });

  it('stops at a parent it cannot find, and at a loop', () => {
    expect([...lineageOf(5, 4, () => undefined).parents]).toEqual([4]);
    expect([...lineageOf(5, 4, (pid) => (pid === 4 ? 3 : 4)).parents]).toEqual([4, 3]);
  });
});

describe('protectionOf', () => {
  const lineage = { self: 400, parents: new Set([300, 200]) };
  const plain = 4194560;

  it('refuses pid 1, kernel threads, Hyperion and its parents, each with its reason', () => {
    expect(protectionOf({ pid: 1, name: 'init', flags: plain }, lineage)).toEqual({
      reason: 'init',
      message:
        'pid 1 (init) is the init process of this host: stopping it would bring the host down',
    });
    expect(protectionOf({ pid: 9, name: 'kworker/0:1', flags: 0x00208040 }, lineage)?.reason).toBe(
      'kernel_thread',
    );
    expect(protectionOf({ pid: 400, name: 'node', flags: plain }, lineage)).toEqual({
      reason: 'hyperion',
      message: 'pid 400 (node) is Hyperion itself',
    });
    expect(protectionOf({ pid: 200, name: 'npm start', flags: plain }, lineage)?.message).toBe(
      'pid 200 (npm start) is a parent process of Hyperion: stopping it would stop Hyperion',
    );
  });

  it('lets any other process be stopped', () => {
    expect(protectionOf({ pid: 500, name: 'sleep', flags: plain }, lineage)).toBeNull();
  });
});
