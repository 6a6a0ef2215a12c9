import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';

import { waitFor } from '@hyperion/api/testing';
import type { ProcessInfo, ProcessList, ProcessStopResult, TokenPair } from '@hyperion/contracts';
import { ORGANIZATION_ROUTES, SYSTEM_ROUTES } from '@hyperion/contracts';
import request from 'supertest';

import { auditRows, createUser } from './auth-helpers';
import { adminToken, bearer, loginAs, startTestApp, TestApp } from './test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The process's name and state letter from /proc, or null once it is gone. */
function procState(pid: number): { name: string; state: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    return {
      name: stat.slice(stat.indexOf('(') + 1, close),
      state: stat.slice(close + 2, close + 3),
    };
  } catch {
    return null;
  }
}

/** Running: present and not a zombie (a child this test spawned is a zombie until Node reaps it). */
const running = (pid: number) => {
  const s = procState(pid);
  return s !== null && s.state !== 'Z' && s.state !== 'X';
};

/**
 * The processes endpoints against real processes of this host: `sleep`s spawned here, one of
 * them ignoring SIGTERM, Hyperion's own process (this Jest worker: the app runs in it) and pid 1.
 */
describe('processes of this host', () => {
  let t: TestApp;
  let operator: string;
  let viewer: string;
  const spawned: ChildProcess[] = [];

  const api = (token: string) => ({
    get: bearer(t, token).get,
    stop: (pid: number | string, body: object = {}) =>
      bearer(t, token).post(`/api/v1/system/processes/${pid}/stop`, body),
  });

  /** `sleep <seconds>` with a unique duration, so its command line tells it from any other. */
  async function spawnSleep(): Promise<{ pid: number; child: ChildProcess; command: string }> {
    const seconds = `300.${Math.floor(Math.random() * 1e6)}`;
    const child = spawn('sleep', [seconds], { stdio: 'ignore' });
    spawned.push(child);
    const pid = child.pid as number;
    await waitFor('sleep to start', () => procState(pid)?.name === 'sleep');
    return { pid, child, command: `sleep ${seconds}` };
  }

  /**
   * A `sleep` that ignores SIGTERM: the shell sets the trap, then execs sleep in its place
   * (an ignored signal stays ignored across exec), so the pid spawned is the one to stop and
   * nothing is left behind when it is killed. Ready once the exec happened.
   */
  async function spawnStubborn(): Promise<{ pid: number; child: ChildProcess }> {
    const child = spawn(
      'sh',
      ['-c', `trap "" TERM; exec sleep 300.${Math.floor(Math.random() * 1e6)}`],
      {
        stdio: 'ignore',
      },
    );
    spawned.push(child);
    const pid = child.pid as number;
    await waitFor('the shell to exec sleep', () => procState(pid)?.name === 'sleep');
    return { pid, child };
  }

  const list = async (
    token: string,
    query: Record<string, string | number>,
  ): Promise<ProcessList> => {
    const res = await api(token).get(SYSTEM_ROUTES.processes).query(query);
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 200 });
    return res.body as ProcessList;
  };

  /** The process listed under `command`: a listing is reused for up to a second, so a new one may take that long to show. */
  async function listedAs(token: string, command: string): Promise<ProcessInfo> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const [found] = (await list(token, { q: command })).items;
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`${command} is not listed`);
      await sleep(200);
    }
  }

  const stopRows = (pid: number) =>
    auditRows(t, { action: 'process_stop', target: `process:${pid}` });

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await adminToken(t);
    const op = await createUser(t, admin, ['operator']);
    operator = (await loginAs(t, op.username, op.password)).accessToken;
    const view = await createUser(t, admin, ['viewer']);
    viewer = (await loginAs(t, view.username, view.password)).accessToken;
  });

  afterAll(async () => {
    for (const child of spawned) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
    }
    // Nothing this suite started outlives it.
    expect(spawned.filter((c) => running(c.pid as number)).map((c) => c.pid)).toEqual([]);
    await t?.close();
  });

  it('lists a spawned sleep with its details; a search by name or command line finds it', async () => {
    const { pid, command } = await spawnSleep();
    const byName = await list(viewer, { q: 'SLEEP', limit: 500 });
    const found = byName.items.find((p) => p.pid === pid);
    expect(found).toEqual({
      pid,
      parentPid: process.pid,
      name: 'sleep',
      user: userInfo().username,
      cpuPercent: expect.any(Number),
      memoryBytes: expect.any(Number),
      memoryPercent: expect.any(Number),
      state: 'sleeping',
      startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      command,
      protectedReason: null,
    } satisfies ProcessInfo);
    expect(found?.memoryBytes).toBeGreaterThan(0);
    expect(Math.abs(Date.parse(found?.startedAt ?? '') - Date.now())).toBeLessThan(60_000);
    // Only matches, and all of them counted.
    expect(
      byName.items.every((p) => `${p.name} ${p.user} ${p.command}`.toLowerCase().includes('sleep')),
    ).toBe(true);
    expect(byName.total).toBe(byName.items.length);
    expect(byName.cpuWindowMs).toBeGreaterThan(0);

    const byCommand = await list(viewer, { q: command });
    expect(byCommand.items.map((p) => p.pid)).toEqual([pid]);
    expect(byCommand.total).toBe(1);
  });

  it("is the host organisation's only: another organisation's admin neither lists nor stops", async () => {
    const admin = await adminToken(t);
    const created = await request(t.url)
      .post(ORGANIZATION_ROUTES.platformOrganizations)
      .set('Authorization', `Bearer ${admin}`)
      .send({ name: 'Tenant B', slug: `tenant-b-${Date.now().toString(36)}` })
      .expect(201);
    const switched = await request(t.url)
      .post(ORGANIZATION_ROUTES.switch)
      .set('Authorization', `Bearer ${admin}`)
      .send({ organizationId: created.body.id })
      .expect(200);
    const tenant = (switched.body as TokenPair).accessToken;
    const { pid } = await spawnSleep();

    const listed = await api(tenant).get(SYSTEM_ROUTES.processes);
    expect(listed.status).toBe(403);
    expect(listed.body.message).toBe(
      'This host\'s processes and services are managed from the organisation "default" only',
    );
    expect((await api(tenant).stop(pid)).status).toBe(403);
    expect((await api(tenant).get(SYSTEM_ROUTES.services)).status).toBe(403);
    expect(running(pid)).toBe(true);
  });

  it('sorts and pages on the server, and marks Hyperion, its parents and pid 1 as protected', async () => {
    const all = await list(viewer, { sort: 'memory', limit: 500 });
    const memory = all.items.map((p) => p.memoryBytes);
    expect(memory).toEqual([...memory].sort((a, b) => b - a));
    const byPid = await list(viewer, { sort: 'pid', order: 'asc', limit: 3, offset: 1 });
    const everyPid = (await list(viewer, { sort: 'pid', limit: 500 })).items.map((p) => p.pid);
    expect(byPid.items.map((p) => p.pid)).toEqual(everyPid.slice(1, 4));
    expect(byPid.total).toBe(everyPid.length);

    const reasons = new Map(all.items.map((p) => [p.pid, p.protectedReason]));
    expect(reasons.get(1)).toMatch(/^pid 1 \(.+\) is the init process of this host/);
    expect(reasons.get(process.pid)).toMatch(/is Hyperion itself$/);
    expect(reasons.get(process.ppid)).toMatch(/is a parent process of Hyperion/);
  });

  it('refuses bad queries naming the field', async () => {
    for (const [query, field] of [
      [{ sort: 'owner' }, 'sort'],
      [{ order: 'up' }, 'order'],
      [{ limit: 0 }, 'limit'],
      [{ limit: 501 }, 'limit'],
      [{ offset: -1 }, 'offset'],
      [{ q: 'x'.repeat(201) }, 'q'],
      [{ extra: 1 }, 'extra'],
    ] as const) {
      const res = await api(viewer).get(SYSTEM_ROUTES.processes).query(query);
      expect({ status: res.status, message: JSON.stringify(res.body.message) }).toEqual({
        status: 400,
        message: expect.stringContaining(field),
      });
    }
  });

  it('a viewer may not stop a process (403, it keeps running); an operator stops it: terminated, gone, audited', async () => {
    const { pid, child, command } = await spawnSleep();
    const refused = await api(viewer).stop(pid);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('monitoring:control');
    await sleep(200);
    expect(running(pid)).toBe(true);

    const listed = await listedAs(operator, command);
    const exited = new Promise<NodeJS.Signals | null>((r) =>
      child.once('exit', (_code, signal) => r(signal)),
    );
    const res = await api(operator).stop(pid, { startedAt: listed.startedAt });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: {
        pid,
        name: 'sleep',
        command,
        startedAt: listed.startedAt,
        outcome: 'terminated',
        signals: ['SIGTERM'],
        elapsedMs: expect.any(Number),
      } satisfies ProcessStopResult,
    });
    expect(await exited).toBe('SIGTERM');
    expect(running(pid)).toBe(false);
    // The next listing (a listing is reused for at most a second) no longer shows it.
    await sleep(1100);
    expect((await list(operator, { q: command })).total).toBe(0);

    const rows = await stopRows(pid);
    expect(rows).toEqual([
      expect.objectContaining({
        action: 'process_stop',
        result: 'success',
        target: `process:${pid}`,
        details: expect.objectContaining({
          pid,
          name: 'sleep',
          command,
          user: userInfo().username,
          signals: ['SIGTERM'],
          outcome: 'terminated',
          graceSeconds: 10,
        }),
      }),
    ]);
    // Gone now: a second stop finds nothing.
    expect((await api(operator).stop(pid)).status).toBe(404);
  });

  it('kills a process that ignores SIGTERM once the grace period is over', async () => {
    const { pid, child } = await spawnStubborn();
    const exited = new Promise<NodeJS.Signals | null>((r) =>
      child.once('exit', (_code, signal) => r(signal)),
    );
    const res = await api(operator).stop(pid, { graceSeconds: 1 });
    expect({ status: res.status, body: res.body }).toMatchObject({
      status: 200,
      body: { pid, name: 'sleep', outcome: 'killed', signals: ['SIGTERM', 'SIGKILL'] },
    });
    expect(res.body.elapsedMs).toBeGreaterThanOrEqual(1000);
    expect(await exited).toBe('SIGKILL');
    expect(
      (await stopRows(pid)).map((r) => [r.result, r.details['outcome'], r.details['signals']]),
    ).toEqual([['success', 'killed', ['SIGTERM', 'SIGKILL']]]);
  });

  it('refuses a pid that now holds another process than the one listed (409), and leaves it running', async () => {
    const { pid } = await spawnSleep();
    const res = await api(operator).stop(pid, { startedAt: '2020-01-01T00:00:00.000Z' });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(
      new RegExp(`^pid ${pid} now belongs to another process \\(sleep, started at `),
    );
    await sleep(200);
    expect(running(pid)).toBe(true);
    expect((await stopRows(pid)).map((r) => [r.result, r.details['reason']])).toEqual([
      ['failure', 'pid_reused'],
    ]);
  });

  it('refuses pid 1, Hyperion itself and the process it runs under, each with its reason, on record', async () => {
    const init = await api(operator).stop(1);
    expect(init.status).toBe(409);
    expect(init.body.message).toMatch(
      /^pid 1 \(.+\) is the init process of this host: stopping it would bring the host down$/,
    );

    const self = await api(operator).stop(process.pid);
    expect(self.status).toBe(409);
    expect(self.body.message).toMatch(
      new RegExp(`^pid ${process.pid} \\(.+\\) is Hyperion itself$`),
    );

    const parent = await api(operator).stop(process.ppid, { graceSeconds: 1 });
    expect(parent.status).toBe(409);
    expect(parent.body.message).toContain(
      'is a parent process of Hyperion: stopping it would stop Hyperion',
    );
    expect(running(process.ppid)).toBe(true);

    expect((await stopRows(1)).at(-1)).toMatchObject({
      result: 'failure',
      details: { reason: 'init', pid: 1 },
    });
    expect((await stopRows(process.pid)).at(-1)).toMatchObject({
      result: 'failure',
      details: { reason: 'hyperion', pid: process.pid, message: self.body.message },
    });
  });

  it('answers 404 for a pid no process holds, and 400 naming the field for a bad pid or body', async () => {
    let absent = 32_000;
    while (existsSync(`/proc/${absent}`)) absent -= 1;
    const missing = await api(operator).stop(absent);
    expect({ status: missing.status, message: missing.body.message }).toEqual({
      status: 404,
      message: `no process with pid ${absent} on this host`,
    });

    for (const pid of ['abc', '0', '-5', '1.5', '99999999', '%20']) {
      const res = await api(operator).stop(pid);
      expect({ pid, status: res.status, message: res.body.message }).toEqual({
        pid,
        status: 400,
        message: 'pid must be a whole number from 1 to 4194304',
      });
    }
    const { pid } = await spawnSleep();
    for (const [body, field] of [
      [{ graceSeconds: 0 }, 'graceSeconds'],
      [{ graceSeconds: 61 }, 'graceSeconds'],
      [{ graceSeconds: '5' }, 'graceSeconds'],
      [{ startedAt: 'yesterday' }, 'startedAt'],
      [{ signal: 'SIGKILL' }, 'signal'],
    ] as const) {
      const res = await api(operator).stop(pid, body);
      expect({ status: res.status, message: JSON.stringify(res.body.message) }).toEqual({
        status: 400,
        message: expect.stringContaining(field),
      });
    }
    expect(running(pid)).toBe(true);
  });

  it('ten parallel stops of one process: one sends the signals (200), nine are refused (409)', async () => {
    const { pid } = await spawnStubborn();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => api(operator).stop(pid, { graceSeconds: 2 })),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(409)]);
    const done = answers.find((r) => r.status === 200);
    expect(done?.body).toMatchObject({ outcome: 'killed', signals: ['SIGTERM', 'SIGKILL'] });
    for (const refused of answers.filter((r) => r.status === 409)) {
      expect(refused.body.message).toBe(`process ${pid} is already being stopped`);
    }
    const rows = await stopRows(pid);
    expect(rows.filter((r) => r.result === 'success')).toHaveLength(1);
    // The refusals are counted per minute, not a row each: the first is on record at once.
    expect(rows.filter((r) => r.result === 'failure').map((r) => r.details['reason'])).toContain(
      'in_progress',
    );
  });
});
