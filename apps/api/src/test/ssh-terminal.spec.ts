import { existsSync } from 'node:fs';
import { AddressInfo } from 'node:net';

import { RecordingRetention, TerminalUpkeep } from '@hyperion/api/ssh';
import {
  SshdPeer,
  startSshdPeer,
  testEndpoints,
  waitFor as waitUntil,
} from '@hyperion/api/testing';
import type {
  ClientToServerEvents,
  ServerToClientEvents,
  SshHostSummary,
  SshSessionCommand,
  SshSessionDetail,
  SshSessionSummary,
  TerminalAnswer,
  TerminalAttachAnswer,
  TerminalEnded,
  TerminalPrompt,
} from '@hyperion/contracts';
import { SSH_HOST_ROUTES, SSH_TERMINAL_ROUTES, SSH_TERMINAL_RULES } from '@hyperion/contracts';
import { Client as PgClient } from 'pg';
import { Socket } from 'socket.io-client';
import { Server as SshServer, utils } from 'ssh2';

import { auditRows, createUser, unique } from './auth-helpers';
import {
  adminToken,
  bearer,
  connectClient,
  loginAs,
  queryDb,
  startTestApp,
  TestApp,
} from './test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for `check` to answer something truthy, at most `ms`; fails the test otherwise. */
const waitFor = <T>(check: () => T | Promise<T>, ms = 10_000) =>
  waitUntil('the terminal to get there', check, ms);

/** What sshd logs once a client offered a credential (none may appear for a refused host key). */
const AUTH_LINE = /Accepted|Failed|userauth|Postponed/;

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A console: its socket, and what it received per session. */
interface Console {
  socket: Client;
  output: Map<string, string>;
  ended: TerminalEnded[];
  prompts: TerminalPrompt[];
  text(sessionId: string): string;
}

interface Raw {
  timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<unknown> };
}

/** An event with its ack, bounded in time. */
function request<T = TerminalAnswer>(c: Console, event: string, payload: unknown): Promise<T> {
  return (c.socket as unknown as Raw).timeout(30_000).emitWithAck(event, payload) as Promise<T>;
}

/**
 * Done-means 1, 2, 3 and 6 of issue 12 for the browser terminal, over Socket.IO on the real app
 * against real OpenSSH servers (Debian's sshd) on loopback ports (and, for keyboard-interactive,
 * which a non-root sshd without PAM cannot offer, ssh2's own Server): echo and output, resize,
 * reattach with scrollback, a jump host, the asciicast recording, the commands typed (stored and
 * audited), permissions, per-user limit under parallel opens, idle end, malformed events, a
 * changed host key refused before authentication.
 */
describe('Browser terminal over Socket.IO', () => {
  let t: TestApp;
  let admin: string;
  let operator: string;
  let operatorId: string;
  let other: string;
  let viewer: string;
  let main: SshdPeer;
  let jump: SshdPeer;
  let rekeyed: SshdPeer;
  let mainHost: SshHostSummary;
  const consoles: Console[] = [];

  const connect = async (token: string): Promise<Console> => {
    const output = new Map<string, string>();
    const ended: TerminalEnded[] = [];
    const prompts: TerminalPrompt[] = [];
    const socket = (await connectClient(
      t.url,
      (s) => {
        s.on('terminal:output', ({ sessionId, data }) =>
          output.set(
            sessionId,
            (output.get(sessionId) ?? '') + Buffer.from(data as Uint8Array).toString('utf8'),
          ),
        );
        s.on('terminal:ended', (e) => ended.push(e));
        s.on('terminal:prompt', (p) => prompts.push(p));
      },
      token,
    )) as unknown as Client;
    const c = { socket, output, ended, prompts, text: (id: string) => output.get(id) ?? '' };
    consoles.push(c);
    return c;
  };

  const createHost = async (
    peer: { host: string; port: number; username: string },
    more: object = {},
  ) => {
    const res = await bearer(t, admin).post(SSH_HOST_ROUTES.collection, {
      name: unique('term'),
      address: peer.host,
      port: peer.port,
      username: peer.username,
      authMethod: 'key',
      privateKey: (peer as SshdPeer).clientPrivateKey,
      ...more,
    });
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    return res.body as SshHostSummary;
  };

  const open = async (c: Console, hostId: string, cols = 80, rows = 24) =>
    request<TerminalAttachAnswer>(c, 'terminal:open', { hostId, cols, rows });

  const opened = async (c: Console, hostId: string, cols = 80, rows = 24) => {
    const answer = await open(c, hostId, cols, rows);
    expect(answer).toMatchObject({ ok: true });
    return (answer as Extract<TerminalAttachAnswer, { ok: true }>).session;
  };

  const type = (c: Console, sessionId: string, data: string) =>
    request(c, 'terminal:input', { sessionId, data });

  const seen = (c: Console, sessionId: string, text: string | RegExp, ms = 10_000) =>
    waitFor(
      () =>
        typeof text === 'string' ? c.text(sessionId).includes(text) : text.test(c.text(sessionId)),
      ms,
    );

  beforeAll(async () => {
    [main, jump, rekeyed] = await Promise.all([startSshdPeer(), startSshdPeer(), startSshdPeer()]);
    t = await startTestApp();
    admin = await adminToken(t);
    const op = await createUser(t, admin, ['operator']);
    operatorId = op.id;
    operator = (await loginAs(t, op.username, op.password)).accessToken;
    const someone = await createUser(t, admin, ['operator']);
    other = (await loginAs(t, someone.username, someone.password)).accessToken;
    const view = await createUser(t, admin, ['viewer']);
    viewer = (await loginAs(t, view.username, view.password)).accessToken;
    mainHost = await createHost(main);
  });

  afterAll(async () => {
    for (const c of consoles) c.socket.close();
    await t?.close();
    await Promise.all([main?.close(), jump?.close(), rekeyed?.close()]);
  });

  it('opens a shell, runs echo, reaches the remote with a resize, and another console reattaches with the scrollback', async () => {
    const first = await connect(operator);
    const session = await opened(first, mainHost.id, 80, 24);
    expect(session).toMatchObject({
      hostId: mainHost.id,
      hostName: mainHost.name,
      target: `${main.username}@127.0.0.1:${main.port}`,
      userId: operatorId,
      state: 'live',
      cols: 80,
      rows: 24,
      recordsInput: false,
    });
    expect(await type(first, session.id, 'echo hello-$((6*7))\r')).toEqual({ ok: true });
    expect(await seen(first, session.id, 'hello-42')).toBe(true);

    expect(
      await request(first, 'terminal:resize', { sessionId: session.id, cols: 101, rows: 33 }),
    ).toEqual({ ok: true });
    await type(first, session.id, 'stty size\r');
    expect(await seen(first, session.id, '33 101')).toBe(true);

    // A reload: a new socket of the same user attaches and gets what was shown before.
    const second = await connect(operator);
    const attached = await request<TerminalAttachAnswer>(second, 'terminal:attach', {
      sessionId: session.id,
    });
    expect(attached).toMatchObject({
      ok: true,
      session: { id: session.id, state: 'live', cols: 101, rows: 33 },
    });
    const scrollback = Buffer.from((attached as { scrollback: Uint8Array }).scrollback).toString(
      'utf8',
    );
    expect(scrollback).toContain('hello-42');
    expect(scrollback).toContain('33 101');
    // Both consoles see what either types from now on.
    await type(second, session.id, 'echo again-$((1+1))\r');
    expect(await seen(second, session.id, 'again-2')).toBe(true);
    expect(await seen(first, session.id, 'again-2')).toBe(true);

    // The commands typed: stored with the session, in the audit log, and searchable.
    const detail = await waitFor(async () => {
      const res = await bearer(t, operator).get(SSH_TERMINAL_ROUTES.session(session.id));
      const body = res.body as SshSessionDetail;
      return body.commands?.length === 3 ? body : null;
    });
    expect(detail?.commands.map((c) => c.command)).toEqual([
      'echo hello-$((6*7))',
      'stty size',
      'echo again-$((1+1))',
    ]);
    expect(detail?.commands[0].offsetSeconds).toBeGreaterThanOrEqual(0);
    const audited = await auditRows(t, {
      action: 'ssh_terminal_command',
      target: `ssh_host:${mainHost.id}`,
    });
    expect(
      audited
        .filter((a) => a.details['sessionId'] === session.id)
        .map((a) => [a.actor_id, a.details['command'], a.details['hostName']]),
    ).toEqual([
      [operatorId, 'echo hello-$((6*7))', mainHost.name],
      [operatorId, 'stty size', mainHost.name],
      [operatorId, 'echo again-$((1+1))', mainHost.name],
    ]);
    const found = (await bearer(t, operator).get(`${SSH_TERMINAL_ROUTES.commands}?q=STTY`))
      .body as SshSessionCommand[];
    expect(found.map((c) => [c.sessionId, c.command])).toEqual([[session.id, 'stty size']]);
    const bySearch = (
      await bearer(t, operator).get(`${SSH_TERMINAL_ROUTES.sessions}?command=again-`)
    ).body as SshSessionSummary[];
    expect(bySearch.map((s) => s.id)).toEqual([session.id]);

    // Exiting the shell ends the session for every console, with its exit code.
    await type(first, session.id, 'exit 7\r');
    expect(await waitFor(() => first.ended.find((e) => e.sessionId === session.id))).toMatchObject({
      reason: 'exited',
      exitCode: 7,
    });
    expect(await waitFor(() => second.ended.find((e) => e.sessionId === session.id))).toBeTruthy();
    const row = await waitFor(async () => {
      const body = (await bearer(t, operator).get(SSH_TERMINAL_ROUTES.session(session.id)))
        .body as SshSessionDetail;
      return body.state === 'ended' ? body : null;
    });
    expect(row).toMatchObject({
      state: 'ended',
      endReason: 'exited',
      exitCode: 7,
      commandCount: 4,
    });
    expect(row?.recordingBytes).toBeGreaterThan(100);

    // The recording: asciicast v2, replaying what was shown, with the resize.
    const cast = await bearer(t, operator)
      .get(SSH_TERMINAL_ROUTES.recording(session.id))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      });
    expect(cast.status).toBe(200);
    expect(cast.headers['content-type']).toMatch(/^application\/x-asciicast/);
    expect(cast.headers['content-disposition']).toBeUndefined();
    const [header, ...events] = (cast.body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(header).toMatchObject({
      version: 2,
      width: 80,
      height: 24,
      env: { TERM: 'xterm-256color' },
    });
    expect(typeof header.timestamp).toBe('number');
    const replay = events
      .filter((e) => e[1] === 'o')
      .map((e) => e[2])
      .join('');
    expect(replay).toContain('hello-42');
    expect(replay).toContain('again-2');
    expect(events).toContainEqual([expect.any(Number), 'r', '101x33']);
    // Input is not recorded by default (passwords typed would be kept).
    expect(events.some((e) => e[1] === 'i')).toBe(false);
    const times = events.map((e) => e[0] as number);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const download = await bearer(t, operator).get(
      `${SSH_TERMINAL_ROUTES.recording(session.id)}?download=1`,
    );
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="/);

    const opens = await auditRows(t, {
      action: 'ssh_terminal_opened',
      target: `ssh_host:${mainHost.id}`,
    });
    expect(opens.some((a) => a.details['sessionId'] === session.id && a.result === 'success')).toBe(
      true,
    );
    const ends = await auditRows(t, {
      action: 'ssh_terminal_ended',
      target: `ssh_host:${mainHost.id}`,
    });
    expect(ends.find((a) => a.details['sessionId'] === session.id)?.details).toMatchObject({
      reason: 'exited',
      exitCode: 7,
    });
  });

  it('stops reading a flooding program while its console takes no output, and goes on once it does', async () => {
    const slow = await connect(operator);
    const session = await opened(slow, mainHost.id);
    await type(slow, session.id, 'echo ready-$((1+1))\r');
    expect(await seen(slow, session.id, 'ready-2')).toBe(true);
    // A frozen tab: the console's TCP socket is no longer read, so the kernel's buffers fill,
    // then the server's queue for it.
    const tcp = (
      slow.socket.io.engine.transport as unknown as { ws: { _socket: import('node:net').Socket } }
    ).ws._socket;
    tcp.pause();
    // No ack can come back while the console reads nothing: sent without one.
    slow.socket.emit('terminal:input', {
      sessionId: session.id,
      data: 'base64 -w 1000 /dev/zero | head -c 40000000; echo flood-$((2*5))-done\r',
    });
    const received = async () => {
      const res = await bearer(t, operator).get(SSH_TERMINAL_ROUTES.session(session.id));
      return (res.body as SshSessionDetail).recordingBytes;
    };
    await waitFor(async () => (await received()) > 1_000_000);
    await sleep(3_000);
    const whilePaused = await received();
    await sleep(1_000);
    // The remote blocks on its writes: the API took about 4 MB of the 40 MB written, and no
    // more a second later (without flow control it reads all of it within seconds and queues
    // it in memory for the console).
    expect(whilePaused).toBeLessThan(16 * 1024 * 1024);
    expect((await received()) - whilePaused).toBeLessThan(4 * 1024 * 1024);
    tcp.resume();
    expect(await seen(slow, session.id, 'flood-10-done', 60_000)).toBe(true);
    expect(await received()).toBeGreaterThan(40_000_000);
    expect(await request(slow, 'terminal:close', { sessionId: session.id })).toEqual({ ok: true });
  }, 120_000);

  it('works through a jump host (two sshd)', async () => {
    const via = await createHost(jump);
    const behind = await createHost(main, { jumpHostId: via.id });
    const c = await connect(operator);
    const session = await opened(c, behind.id);
    await type(c, session.id, 'echo through-$((2*21))\r');
    expect(await seen(c, session.id, 'through-42')).toBe(true);
    expect(await request(c, 'terminal:close', { sessionId: session.id })).toEqual({ ok: true });
    expect(await waitFor(() => c.ended.find((e) => e.sessionId === session.id))).toMatchObject({
      reason: 'closed',
    });
  });

  it('refuses a viewer (403, audited); another user can neither attach, type, resize nor close', async () => {
    const v = await connect(viewer);
    const refused = await open(v, mainHost.id);
    expect(refused).toEqual({ ok: false, status: 403, error: expect.stringContaining('ssh:exec') });
    const audited = await auditRows(t, {
      action: 'ssh_terminal_opened',
      target: `ssh_host:${mainHost.id}`,
    });
    expect(audited.some((a) => a.result === 'failure' && a.details['status'] === 403)).toBe(true);

    const owner = await connect(operator);
    const session = await opened(owner, mainHost.id);
    const stranger = await connect(other);
    for (const [event, payload] of [
      ['terminal:attach', { sessionId: session.id }],
      ['terminal:input', { sessionId: session.id, data: 'touch /tmp/hyperion-stranger\r' }],
      ['terminal:resize', { sessionId: session.id, cols: 90, rows: 20 }],
      ['terminal:close', { sessionId: session.id }],
    ] as const) {
      expect({ event, answer: await request(stranger, event, payload) }).toEqual({
        event,
        answer: { ok: false, status: 404, error: expect.any(String) },
      });
    }
    // A socket of the owner that did not attach cannot type either.
    const unattached = await connect(operator);
    expect(await type(unattached, session.id, 'echo no\r')).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(stranger.text(session.id)).toBe('');
    // The session is still live and the owner's.
    await type(owner, session.id, 'echo still-$((3*3))\r');
    expect(await seen(owner, session.id, 'still-9')).toBe(true);
    const list = (await bearer(t, other).get(SSH_TERMINAL_ROUTES.sessions))
      .body as SshSessionSummary[];
    expect(list.some((s) => s.id === session.id)).toBe(false);
    expect((await bearer(t, other).get(SSH_TERMINAL_ROUTES.session(session.id))).status).toBe(404);
    expect((await bearer(t, other).get(SSH_TERMINAL_ROUTES.recording(session.id))).status).toBe(
      404,
    );
    expect((await bearer(t, viewer).get(SSH_TERMINAL_ROUTES.sessions)).status).toBe(403);
    // An administrator (ssh:admin) sees it.
    const all = (await bearer(t, admin).get(`${SSH_TERMINAL_ROUTES.sessions}?state=live`))
      .body as SshSessionSummary[];
    expect(all.some((s) => s.id === session.id)).toBe(true);
    await request(owner, 'terminal:close', { sessionId: session.id });
  });

  it('answers malformed events with a 400 naming the field, and the socket stays usable', async () => {
    const c = await connect(operator);
    const cases: [string, unknown, RegExp][] = [
      ['terminal:open', null, /^request: /],
      ['terminal:open', 'x', /^request: /],
      ['terminal:open', { hostId: 'nope', cols: 80, rows: 24 }, /^hostId: /],
      ['terminal:open', { hostId: mainHost.id, cols: 5, rows: 24 }, /^cols: /],
      ['terminal:open', { hostId: mainHost.id, cols: 80, rows: 1e9 }, /^rows: /],
      ['terminal:open', { hostId: mainHost.id, cols: '80', rows: 24 }, /^cols: /],
      ['terminal:attach', { sessionId: 42 }, /^sessionId: /],
      ['terminal:input', { sessionId: mainHost.id, data: { evil: true } }, /^data: /],
      [
        'terminal:input',
        { sessionId: mainHost.id, data: 'x'.repeat(SSH_TERMINAL_RULES.inputMaxBytes + 1) },
        /^data: at most/,
      ],
      ['terminal:resize', { sessionId: mainHost.id, cols: 80 }, /^rows: /],
      ['terminal:prompt-answer', { sessionId: mainHost.id, answers: [1] }, /^answers: /],
    ];
    for (const [event, payload, message] of cases) {
      const answer = await request<TerminalAnswer>(c, event, payload);
      expect({ event, payload: JSON.stringify(payload).slice(0, 80), answer }).toEqual({
        event,
        payload: JSON.stringify(payload).slice(0, 80),
        answer: { ok: false, status: 400, error: expect.stringMatching(message) },
      });
    }
    // An unknown host: 404.
    expect(await open(c, '00000000-0000-4000-8000-000000000000')).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(c.socket.connected).toBe(true);
    const session = await opened(c, mainHost.id);
    await request(c, 'terminal:close', { sessionId: session.id });
  });

  it('refuses opens beyond the per-user limit exactly, also when they come at once', async () => {
    const user = await createUser(t, admin, ['operator']);
    const token = (await loginAs(t, user.username, user.password)).accessToken;
    const c = await connect(token);
    const max = SSH_TERMINAL_RULES.sessionsPerUserMax;
    const answers = await Promise.all(Array.from({ length: max + 3 }, () => open(c, mainHost.id)));
    const ok = answers.filter((a) => a.ok);
    const refused = answers.filter((a) => !a.ok);
    expect(ok).toHaveLength(max);
    expect(refused.map((a) => (a as { status: number }).status)).toEqual([429, 429, 429]);
    const live = await queryDb<{ n: string }>(
      t,
      `SELECT count(*)::text AS n FROM ssh_session WHERE user_id = $1 AND state = 'live'`,
      [user.id],
    );
    expect(live[0].n).toBe(String(max));
    for (const a of ok) {
      await request(c, 'terminal:close', {
        sessionId: (a as { session: SshSessionSummary }).session.id,
      });
    }
    // Room again once closed.
    const again = await opened(c, mainHost.id);
    await request(c, 'terminal:close', { sessionId: again.id });
  });

  it('refuses a changed host key with 409 before authentication', async () => {
    const host = await createHost(rekeyed);
    const c = await connect(operator);
    const first = await opened(c, host.id);
    await request(c, 'terminal:close', { sessionId: first.id });
    await rekeyed.regenerateHostKey();
    const offset = rekeyed.logSize();
    const refused = await open(c, host.id);
    expect(refused).toEqual({ ok: false, status: 409, error: expect.stringContaining('changed') });
    await sleep(500);
    expect(rekeyed.log(offset)).not.toMatch(AUTH_LINE);
    const rows = await queryDb<{ end_reason: string }>(
      t,
      `SELECT end_reason FROM ssh_session WHERE host_id = $1 ORDER BY started_at DESC LIMIT 1`,
      [host.id],
    );
    expect(rows[0].end_reason).toBe('failed');
  });

  it('ends sessions left live by a gone instance, and deletes sessions past retention with their recording', async () => {
    const orgRows = await queryDb<{ organization_id: string }>(
      t,
      `SELECT organization_id FROM ssh_host WHERE id = $1`,
      [mainHost.id],
    );
    const orphan = '11111111-1111-4111-8111-111111111111';
    await queryDb(
      t,
      `INSERT INTO ssh_session (id, organization_id, host_id, host_name, target, user_id, username,
         state, cols, rows, records_input, command_count, recording_bytes, instance_id,
         heartbeat_at, started_at, last_activity_at)
       VALUES ($1, $2, $3, 'gone', 'x@y:22', NULL, NULL, 'live', 80, 24, false, 0, 0,
         'gone-host:1:x', now() - interval '10 minutes', now() - interval '1 hour', now())`,
      [orphan, orgRows[0].organization_id, mainHost.id],
    );
    expect(await t.app.get(TerminalUpkeep).sweepStale()).toBeGreaterThanOrEqual(1);
    const [swept] = await queryDb<{ state: string; end_reason: string }>(
      t,
      `SELECT state, end_reason FROM ssh_session WHERE id = $1`,
      [orphan],
    );
    expect(swept).toEqual({ state: 'ended', end_reason: 'shutdown' });

    // This instance's own sessions are never swept: it refreshes their heartbeat.
    const c = await connect(operator);
    const session = await opened(c, mainHost.id);
    await queryDb(
      t,
      `UPDATE ssh_session SET heartbeat_at = now() - interval '1 hour' WHERE id = $1`,
      [session.id],
    );
    await t.app.get(TerminalUpkeep).sweepStale();
    await t.app.get(TerminalUpkeep).heartbeat();
    const [kept] = await queryDb<{ state: string; fresh: boolean }>(
      t,
      `SELECT state, heartbeat_at > now() - interval '1 minute' AS fresh FROM ssh_session WHERE id = $1`,
      [session.id],
    );
    expect(kept).toEqual({ state: 'live', fresh: true });
    await request(c, 'terminal:close', { sessionId: session.id });
    const file = `${t.config.dataDir}/recordings/${orgRows[0].organization_id}/${session.id}.cast`;
    expect(await waitFor(() => existsSync(file))).toBe(true);
    await waitFor(
      async () =>
        (
          await queryDb<{ state: string }>(t, `SELECT state FROM ssh_session WHERE id = $1`, [
            session.id,
          ])
        )[0]?.state === 'ended',
    );
    await queryDb(t, `UPDATE ssh_session SET ended_at = now() - interval '91 days' WHERE id = $1`, [
      session.id,
    ]);
    expect(await t.app.get(RecordingRetention).run()).toBeGreaterThanOrEqual(1);
    expect(existsSync(file)).toBe(false);
    expect(await queryDb(t, `SELECT 1 FROM ssh_session WHERE id = $1`, [session.id])).toEqual([]);
  });
});

describe('Browser terminal: idle end and keyboard-interactive sign-in', () => {
  let t: TestApp;
  let admin: string;
  let peer: SshdPeer;
  let kbd: SshServer;
  let kbdPort = 0;
  const sockets: Client[] = [];

  beforeAll(async () => {
    peer = await startSshdPeer();
    t = await startTestApp({ SSH_TERMINAL_IDLE_MINUTES: '0.05' });
    admin = await adminToken(t);
    // OpenSSH offers keyboard-interactive only through PAM or BSD auth, which a test sshd does
    // not have: ssh2's own server asks the question instead, and runs a tiny "shell".
    const hostKey = utils.generateKeyPairSync('ed25519').private;
    kbd = new SshServer({ hostKeys: [hostKey] }, (client) => {
      client.on('authentication', (ctx) => {
        if (ctx.method !== 'keyboard-interactive') return ctx.reject(['keyboard-interactive']);
        ctx.prompt(
          [{ prompt: 'One-time code: ', echo: false }],
          'Sign-in',
          'Type the code',
          (answers) => {
            if (answers[0] === '246810') ctx.accept();
            else ctx.reject();
          },
        );
      });
      client.on('ready', () =>
        client.on('session', (accept) => {
          const session = accept();
          session.on('pty', (ok) => ok?.());
          session.on('shell', (ok) => {
            const stream = ok();
            stream.write('kbd-shell-ready\r\n');
            stream.on('data', (d: Buffer) => stream.write(d));
          });
        }),
      );
      client.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => kbd.listen(0, '127.0.0.1', resolve));
    kbdPort = (kbd.address() as AddressInfo).port;
  });

  let closed = false;

  afterAll(async () => {
    for (const s of sockets) s.close();
    if (!closed) await t?.close();
    kbd?.close();
    await peer?.close();
  });

  const consoleOf = async (token: string) => {
    const ended: TerminalEnded[] = [];
    const prompts: TerminalPrompt[] = [];
    let text = '';
    const socket = (await connectClient(
      t.url,
      (s) => {
        s.on('terminal:ended', (e) => ended.push(e));
        s.on('terminal:prompt', (p) => prompts.push(p));
        s.on(
          'terminal:output',
          ({ data }) => (text += Buffer.from(data as Uint8Array).toString('utf8')),
        );
      },
      token,
    )) as unknown as Client;
    sockets.push(socket);
    return {
      socket,
      ended,
      prompts,
      output: () => text,
      text: () => text,
    } as unknown as Console & {
      output(): string;
    };
  };

  it('ends a session nobody types in after SSH_TERMINAL_IDLE_MINUTES, as idle', async () => {
    const res = await bearer(t, admin).post(SSH_HOST_ROUTES.collection, {
      name: unique('idle'),
      address: peer.host,
      port: peer.port,
      username: peer.username,
      authMethod: 'key',
      privateKey: peer.clientPrivateKey,
    });
    const c = await consoleOf(admin);
    const answer = await request<TerminalAttachAnswer>(c, 'terminal:open', {
      hostId: res.body.id,
      cols: 80,
      rows: 24,
    });
    expect(answer).toMatchObject({ ok: true });
    const id = (answer as { session: SshSessionSummary }).session.id;
    const started = Date.now();
    const ended = await waitFor(() => c.ended.find((e) => e.sessionId === id), 15_000);
    expect(ended).toMatchObject({ reason: 'idle' });
    // 3 s of idle time (0.05 minute), not less.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_500);
    const body = await waitFor(async () => {
      const b = (await bearer(t, admin).get(SSH_TERMINAL_ROUTES.session(id)))
        .body as SshSessionDetail;
      return b.state === 'ended' ? b : null;
    });
    expect(body?.endReason).toBe('idle');
  });

  it('passes keyboard-interactive questions to the console; REST exec and test answer 409', async () => {
    const res = await bearer(t, admin).post(SSH_HOST_ROUTES.collection, {
      name: unique('kbd'),
      address: '127.0.0.1',
      port: kbdPort,
      username: 'ops',
      authMethod: 'keyboard-interactive',
    });
    expect({ status: res.status, body: res.body }).toMatchObject({
      status: 201,
      body: { authMethod: 'keyboard-interactive', hasPassword: false, hasPrivateKey: false },
    });
    const hostId = (res.body as SshHostSummary).id;
    const exec = await bearer(t, admin).post(SSH_HOST_ROUTES.exec(hostId), { command: 'true' });
    expect({ status: exec.status, message: exec.body.message }).toEqual({
      status: 409,
      message: expect.stringContaining('asks questions at sign-in'),
    });
    expect((await bearer(t, admin).post(SSH_HOST_ROUTES.test(hostId))).status).toBe(409);

    const c = await consoleOf(admin);
    const opening = request<TerminalAttachAnswer>(c, 'terminal:open', {
      hostId,
      cols: 80,
      rows: 24,
    });
    const prompt = await waitFor(() => c.prompts[0]);
    expect(prompt).toMatchObject({
      name: 'Sign-in',
      instructions: 'Type the code',
      prompts: [{ prompt: 'One-time code: ', echo: false }],
    });
    // Only the console that was asked may answer.
    const elsewhere = await consoleOf(admin);
    expect(
      await request(elsewhere, 'terminal:prompt-answer', {
        sessionId: prompt.sessionId,
        answers: ['246810'],
      }),
    ).toMatchObject({ ok: false, status: 404 });
    expect(
      await request(c, 'terminal:prompt-answer', {
        sessionId: prompt.sessionId,
        answers: ['246810'],
      }),
    ).toEqual({ ok: true });
    const answer = await opening;
    expect(answer).toMatchObject({ ok: true, session: { id: prompt.sessionId } });
    const scrollback = Buffer.from((answer as { scrollback: Uint8Array }).scrollback).toString(
      'utf8',
    );
    await waitFor(() => (scrollback + c.output()).includes('kbd-shell-ready'));
    expect(scrollback + c.output()).toContain('kbd-shell-ready');

    // A wrong code: the open fails with the server's refusal, recorded as failed.
    const c2 = await consoleOf(admin);
    const failing = request<TerminalAttachAnswer>(c2, 'terminal:open', {
      hostId,
      cols: 80,
      rows: 24,
    });
    const second = await waitFor(() => c2.prompts[0]);
    await request(c2, 'terminal:prompt-answer', {
      sessionId: second.sessionId,
      answers: ['000000'],
    });
    expect(await failing).toMatchObject({ ok: false, status: 502 });
  });

  it('ends its live sessions as shutdown when the API stops, recording closed', async () => {
    const res = await bearer(t, admin).post(SSH_HOST_ROUTES.collection, {
      name: unique('stop'),
      address: peer.host,
      port: peer.port,
      username: peer.username,
      authMethod: 'key',
      privateKey: peer.clientPrivateKey,
    });
    const c = await consoleOf(admin);
    const answer = await request<TerminalAttachAnswer>(c, 'terminal:open', {
      hostId: res.body.id,
      cols: 80,
      rows: 24,
    });
    const id = (answer as { session: SshSessionSummary }).session.id;
    const databaseUrl = testEndpoints().databaseUrl;
    closed = true;
    await t.close();
    const client = new PgClient({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT state, end_reason FROM ssh_session WHERE id = $1`,
        [id],
      );
      expect(rows).toEqual([{ state: 'ended', end_reason: 'shutdown' }]);
      const audit = await client.query(
        `SELECT details FROM audit_log WHERE action = 'ssh_terminal_ended' AND details->>'sessionId' = $1`,
        [id],
      );
      expect(audit.rows[0]?.details).toMatchObject({ reason: 'shutdown' });
    } finally {
      await client.end();
    }
  });
});
