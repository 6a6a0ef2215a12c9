import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

import { AuditService } from '@hyperion/api/audit';
import { type Actor, AppConfig, RequestContext, UnitOfWork } from '@hyperion/api/core';
import { domainRoom, DomainSocket, RealtimePublisher } from '@hyperion/api/realtime';
import type {
  SshSessionEndReason,
  SshSessionSummary,
  TerminalAnswer,
  TerminalAttachAnswer,
} from '@hyperion/contracts';
import { SSH_TERMINAL_PERMISSIONS, SSH_TERMINAL_RULES } from '@hyperion/contracts';
import {
  ConflictException,
  ForbiddenException,
  GoneException,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
  NotFoundException,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import type { ClientChannel } from 'ssh2';

import { OpenedConnection, SshConnections, sshHttpError } from '../connection/ssh-connections';
import { KeyboardRound } from '../connection/ssh-connector';
import { hostTarget } from '../ssh-host.mapping';
import { AsciicastRecorder } from './asciicast-recorder';
import { CommandExtractor } from './command-extractor';
import { Scrollback } from './scrollback';
import { SshSessionRepository } from './ssh-session.repository';
import { LiveFigures, recordingPath } from './terminal-mapping';
import {
  checkInput,
  checkOpen,
  checkPromptAnswer,
  checkResize,
  checkSessionRef,
} from './terminal-requests';
import {
  answerOf,
  ENDED_MESSAGES,
  type LiveSession,
  openShell,
  OUTPUT_BACKLOG_LIMIT,
  PROMPT_WAIT_MS,
  TERM,
  valueOf,
  type WaitingPrompt,
} from './terminal-support';

/**
 * Browser terminals: SSH shells held by this API instance, reached over the Socket.IO gateway
 * (TerminalClientEvents). A session outlives its consoles: one that reloads attaches again and
 * gets the scrollback; it ends when the shell exits, the connection drops, the console closes
 * it, nobody typed for SSH_TERMINAL_IDLE_MINUTES, or this instance stops. Every session is
 * recorded (asciicast v2) and its command lines stored and audited as they are typed.
 *
 * A session is held by the instance that opened it: attaching through another instance answers
 * 409. Rows left `live` by an instance that is gone (its heartbeat stopped) are ended by a sweep
 * that runs once across instances.
 */
@Injectable()
export class TerminalSessions implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Terminal');
  /** Names this instance in the rows it holds: `<hostname>:<pid>:<uuid>`. */
  readonly instanceId = `${hostname()}:${process.pid}:${randomUUID()}`.slice(0, 200);
  private readonly live = new Map<string, LiveSession>();
  private readonly prompts = new Map<string, WaitingPrompt>();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: SshSessionRepository,
    private readonly connections: SshConnections,
    private readonly publisher: RealtimePublisher,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.publisher.onSocket((socket) => this.bind(socket));
  }

  async onModuleDestroy(): Promise<void> {
    for (const prompt of this.prompts.values()) prompt.reject(new Error('the API is stopping'));
    await Promise.all([...this.live.values()].map((s) => this.end(s, 'shutdown')));
  }

  /** The sessions this instance holds, with their current figures. */
  held(): (LiveFigures & { id: string })[] {
    return [...this.live.values()].map((s) => ({
      id: s.id,
      ...(this.figures(s.id) as LiveFigures),
    }));
  }

  /** What the REST side shows of a session held here, fresher than its row. */
  figures(id: string): LiveFigures | undefined {
    const s = this.live.get(id);
    return s
      ? {
          recordingBytes: s.recorder.size,
          commandCount: s.commandCount,
          lastActivityAt: s.lastActivityAt,
          cols: s.cols,
          rows: s.rows,
        }
      : undefined;
  }

  // --- Socket events -------------------------------------------------------------------------

  private bind(socket: DomainSocket): void {
    const answer = (
      event: Parameters<DomainSocket['on']>[0],
      work: (payload: unknown) => Promise<TerminalAnswer | TerminalAttachAnswer>,
    ) =>
      socket.on(event, async (payload: unknown, ack: unknown) => {
        let result: TerminalAnswer | TerminalAttachAnswer;
        try {
          result = await work(payload);
        } catch (error) {
          result = answerOf(error, this.logger);
        }
        if (typeof ack === 'function') (ack as (a: unknown) => void)(result);
      });
    answer('terminal:open', (p) => this.open(socket, p));
    answer('terminal:attach', (p) => this.attach(socket, p));
    answer('terminal:input', (p) => this.input(socket, p));
    answer('terminal:resize', (p) => this.resize(socket, p));
    answer('terminal:prompt-answer', (p) => this.answerPrompt(socket, p));
    answer('terminal:detach', (p) => this.detach(socket, p));
    answer('terminal:close', (p) => this.close(socket, p));
    socket.onDisconnect(() => {
      for (const session of this.live.values()) {
        if (session.sockets.delete(socket.id)) this.resumeIfCaughtUp(session);
      }
      for (const [id, prompt] of this.prompts) {
        if (prompt.socketId === socket.id) {
          this.prompts.delete(id);
          prompt.reject(new Error('the console that was asked the sign-in questions went away'));
        }
      }
    });
  }

  private async allowed(
    socket: DomainSocket,
    action: 'ssh_terminal_opened' | 'permission_denied',
    target: string,
  ): Promise<Actor> {
    const actor = socket.actor;
    const permission = SSH_TERMINAL_PERMISSIONS.use;
    if (!actor.organizationId || !actor.permissions.includes(permission)) {
      const reason = `Opening or using a terminal needs the permission ${permission}`;
      await this.audit.recordRepeated(
        { action, target, result: 'failure', details: { status: 403, reason } },
        { sample: target },
      );
      throw new ForbiddenException(reason);
    }
    if (actor.type !== 'user') {
      throw new ForbiddenException('A browser terminal needs a signed-in user (not an API key)');
    }
    return actor;
  }

  async open(socket: DomainSocket, payload: unknown): Promise<TerminalAttachAnswer> {
    const hostId = (payload as { hostId?: unknown } | null)?.hostId;
    const actor = await this.allowed(
      socket,
      'ssh_terminal_opened',
      typeof hostId === 'string' ? hostTarget(hostId.slice(0, 64)) : 'terminal:open',
    );
    const request = valueOf(checkOpen(payload));
    const hops = await this.connections.hopsOf(request.hostId);
    const target = hops[hops.length - 1];
    const id = randomUUID();
    const now = new Date();
    const max = SSH_TERMINAL_RULES.sessionsPerUserMax;
    await this.uow.run(async (tx) => {
      // One user's opens in turn, whatever the instance: the count and the insert are exact.
      await tx.lock(`ssh-terminal-sessions:${actor.id}`);
      if ((await this.repository.countLiveOfUser(actor.id)) >= max) {
        throw new HttpException(
          `You already have ${max} terminal sessions open: close one before opening another`,
          HttpStatus.TOO_MANY_REQUESTS,
        );
      }
      await this.repository.insert({
        id,
        hostId: target.hostId,
        hostName: target.name,
        target: `${target.username}@${target.address}:${target.port}`,
        userId: actor.id,
        username: actor.name,
        state: 'live',
        endReason: null,
        exitCode: null,
        cols: request.cols,
        rows: request.rows,
        recordsInput: this.config.sshTerminalRecordInput,
        commandCount: 0,
        recordingBytes: 0,
        instanceId: this.instanceId,
        heartbeatAt: now,
        startedAt: now,
        lastActivityAt: now,
        endedAt: null,
      });
    });

    let connection: OpenedConnection | null = null;
    let channel: ClientChannel;
    try {
      connection = await this.connections.open(hops, {
        prompt: (round) => this.ask(id, socket, round),
      });
      channel = await openShell(connection.client, connection.target, request.cols, request.rows);
    } catch (error) {
      connection?.close();
      const failure = sshHttpError(error);
      const reason = answerOf(failure, this.logger).error;
      await this.uow.run(async (tx) => {
        await this.repository.update(id, {
          state: 'ended',
          endReason: 'failed',
          endedAt: new Date(),
        });
        await tx.audit({
          action: 'ssh_terminal_opened',
          target: hostTarget(target.hostId),
          result: 'failure',
          details: { sessionId: id, hostName: target.name, reason },
        });
      });
      throw failure;
    }

    const current = RequestContext.current();
    const session: LiveSession = {
      id,
      organizationId: actor.organizationId as string,
      userId: actor.id,
      hostId: target.hostId,
      hostName: target.name,
      target: `${target.username}@${target.address}:${target.port}`,
      username: actor.name,
      room: domainRoom('terminal', id),
      context: { actor, ip: current?.ip ?? null, userAgent: current?.userAgent ?? null },
      connection,
      channel,
      recorder: new AsciicastRecorder(
        recordingPath(this.config.dataDir, actor.organizationId as string, id),
        {
          width: request.cols,
          height: request.rows,
          timestamp: Math.floor(now.getTime() / 1000),
          term: TERM,
        },
        {
          recordInput: this.config.sshTerminalRecordInput,
          maxBytes: this.config.sshRecordingMaxBytes,
        },
      ),
      extractor: undefined as unknown as CommandExtractor,
      scrollback: new Scrollback(SSH_TERMINAL_RULES.scrollbackBytes),
      sockets: new Map(),
      paused: false,
      cols: request.cols,
      rows: request.rows,
      startedAt: now,
      lastInputMs: Date.now(),
      lastActivityAt: now,
      exited: false,
      exitCode: null,
      commandCount: 0,
      commands: Promise.resolve(),
    };
    session.extractor = new CommandExtractor(request.cols, request.rows, (command, atMs) =>
      this.queueCommand(session, command, atMs),
    );
    this.live.set(id, session);
    this.wire(session);

    await this.uow.run((tx) =>
      tx.audit({
        action: 'ssh_terminal_opened',
        target: hostTarget(target.hostId),
        result: 'success',
        details: {
          sessionId: id,
          hostName: target.name,
          target: session.target,
          fingerprint: connection.fingerprint,
        },
      }),
    );
    if (session.ending) {
      throw new GoneException('The terminal session ended as it opened: ' + ENDED_MESSAGES.exited);
    }
    return this.attachHere(session, socket);
  }

  async attach(socket: DomainSocket, payload: unknown): Promise<TerminalAttachAnswer> {
    const { sessionId } = valueOf(checkSessionRef(payload));
    const actor = await this.allowed(socket, 'permission_denied', `terminal:${sessionId}`);
    const session = this.owned(actor, sessionId);
    if (!session) {
      const row = await this.uow.run(() => this.repository.findById(sessionId));
      if (row && row.userId === actor.id) {
        if (row.state === 'ended') {
          throw new GoneException(`This terminal session has ended (${row.endReason ?? 'ended'})`);
        }
        throw new ConflictException(
          'This terminal session is held by another API instance: reconnect to the same instance to attach',
        );
      }
      throw new NotFoundException('No terminal session with this id');
    }
    return this.attachHere(session, socket);
  }

  /** Scrollback and room in the same tick: no output is missed or seen twice. */
  private attachHere(session: LiveSession, socket: DomainSocket): TerminalAttachAnswer {
    const scrollback = session.scrollback.snapshot();
    socket.join(session.room);
    session.sockets.set(socket.id, socket);
    return { ok: true, session: this.summary(session), scrollback };
  }

  async input(socket: DomainSocket, payload: unknown): Promise<TerminalAnswer> {
    const { sessionId, data } = valueOf(checkInput(payload));
    const session = this.attachedTo(socket, sessionId);
    const atMs = Date.now();
    session.channel.write(data);
    session.lastInputMs = atMs;
    session.lastActivityAt = new Date(atMs);
    session.recorder.recordInput(data);
    session.extractor.input(data.toString('utf8'), atMs);
    return { ok: true };
  }

  async resize(socket: DomainSocket, payload: unknown): Promise<TerminalAnswer> {
    const { sessionId, cols, rows } = valueOf(checkResize(payload));
    const session = this.attachedTo(socket, sessionId);
    session.channel.setWindow(rows, cols, 0, 0);
    session.cols = cols;
    session.rows = rows;
    session.recorder.recordResize(cols, rows);
    session.extractor.resize(cols, rows);
    return { ok: true };
  }

  async detach(socket: DomainSocket, payload: unknown): Promise<TerminalAnswer> {
    const { sessionId } = valueOf(checkSessionRef(payload));
    const session = this.owned(socket.actor, sessionId);
    if (!session) throw new NotFoundException('No live terminal session with this id');
    socket.leave(session.room);
    session.sockets.delete(socket.id);
    this.resumeIfCaughtUp(session);
    return { ok: true };
  }

  async close(socket: DomainSocket, payload: unknown): Promise<TerminalAnswer> {
    const { sessionId } = valueOf(checkSessionRef(payload));
    const session = this.owned(socket.actor, sessionId);
    if (!session) throw new NotFoundException('No live terminal session with this id');
    await this.end(session, 'closed');
    return { ok: true };
  }

  async answerPrompt(socket: DomainSocket, payload: unknown): Promise<TerminalAnswer> {
    const { sessionId, answers } = valueOf(checkPromptAnswer(payload));
    const waiting = this.prompts.get(sessionId);
    if (!waiting || waiting.socketId !== socket.id) {
      throw new NotFoundException('No sign-in question is waiting for an answer in this session');
    }
    this.prompts.delete(sessionId);
    waiting.resolve(answers);
    return { ok: true };
  }

  /** A keyboard-interactive round, put to the console that opens the session. */
  private ask(sessionId: string, socket: DomainSocket, round: KeyboardRound): Promise<string[]> {
    return new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.prompts.delete(sessionId);
        reject(
          new Error(
            `nobody answered the sign-in questions within ${PROMPT_WAIT_MS / 60_000} minutes`,
          ),
        );
      }, PROMPT_WAIT_MS);
      timer.unref();
      this.prompts.set(sessionId, {
        socketId: socket.id,
        resolve: (answers) => (clearTimeout(timer), resolve(answers)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      socket.emit('terminal:prompt', {
        sessionId,
        name: round.name,
        instructions: round.instructions,
        prompts: round.prompts,
      });
    });
  }

  /** A live session of the actor held here (another user's is not found). */
  private owned(actor: Actor, sessionId: string): LiveSession | undefined {
    const session = this.live.get(sessionId);
    return session && session.userId === actor.id && session.organizationId === actor.organizationId
      ? session
      : undefined;
  }

  /** Input and resize come only from a socket attached to the session. */
  private attachedTo(socket: DomainSocket, sessionId: string): LiveSession {
    const session = this.owned(socket.actor, sessionId);
    if (!session || !session.sockets.has(socket.id)) {
      throw new NotFoundException(
        'This console is not attached to a live terminal session with this id',
      );
    }
    return session;
  }

  // --- The session's life ----------------------------------------------------------------------

  private wire(session: LiveSession): void {
    const { channel, connection } = session;
    const output = (chunk: Buffer) => this.output(session, chunk);
    channel.on('data', output);
    channel.stderr.on('data', output);
    channel.on('exit', (code: number | null) => {
      session.exited = true;
      if (typeof code === 'number') session.exitCode = code;
    });
    channel.once('close', () => void this.end(session, session.exited ? 'exited' : 'disconnected'));
    connection.client.once('close', () => void this.end(session, 'disconnected'));
    this.armIdle(session);
  }

  private output(session: LiveSession, chunk: Buffer): void {
    session.scrollback.push(chunk);
    session.recorder.recordOutput(chunk);
    session.extractor.output(chunk);
    session.lastActivityAt = new Date();
    this.publisher.publishToRoom(session.room, 'terminal:output', {
      sessionId: session.id,
      data: chunk,
    });
    this.pauseIfBehind(session);
  }

  /**
   * Flow control, as a real terminal has it: when a console attached here holds more than
   * OUTPUT_BACKLOG_LIMIT packets it has not taken (a slow network, a frozen tab), the channel is
   * no longer read, so SSH stops granting window and the remote program blocks on its writes
   * (`yes`, `cat` of a huge file) instead of the API buffering its output without bound. Read
   * again once every attached console caught up (or left: a dead one is dropped by its ping
   * timeout). Output is never dropped: the terminal's state stays exact.
   */
  private pauseIfBehind(session: LiveSession): void {
    if (session.paused) return;
    const behind = [...session.sockets.values()].filter((s) => s.backlog() >= OUTPUT_BACKLOG_LIMIT);
    if (behind.length === 0) return;
    session.paused = true;
    session.channel.pause();
    session.channel.stderr.pause();
    for (const socket of behind) socket.onceDrained(() => this.resumeIfCaughtUp(session));
  }

  private resumeIfCaughtUp(session: LiveSession): void {
    if (!session.paused || session.ending) return;
    const behind = [...session.sockets.values()].filter((s) => s.backlog() >= OUTPUT_BACKLOG_LIMIT);
    if (behind.length > 0) {
      for (const socket of behind) socket.onceDrained(() => this.resumeIfCaughtUp(session));
      return;
    }
    session.paused = false;
    session.channel.resume();
    session.channel.stderr.resume();
  }

  private armIdle(session: LiveSession): void {
    const idleMs = this.config.sshTerminalIdleMs;
    const left = session.lastInputMs + idleMs - Date.now();
    session.idleTimer = setTimeout(
      () => {
        if (session.ending) return;
        if (Date.now() - session.lastInputMs >= idleMs) void this.end(session, 'idle');
        else this.armIdle(session);
      },
      Math.max(left, 10),
    );
    session.idleTimer.unref();
  }

  private queueCommand(session: LiveSession, command: string, atMs: number): void {
    session.commands = session.commands
      .then(() =>
        RequestContext.run(session.context, () => this.storeCommand(session, command, atMs)),
      )
      .catch((error: unknown) =>
        this.logger.error(`A terminal command could not be stored: ${String(error)}`),
      );
  }

  private storeCommand(session: LiveSession, command: string, atMs: number): Promise<void> {
    return this.uow.run(async (tx) => {
      await this.repository.addCommand({
        sessionId: session.id,
        hostId: session.hostId,
        hostName: session.hostName,
        userId: session.userId,
        command,
        offsetSeconds: Math.max(0, (atMs - session.startedAt.getTime()) / 1000),
        at: new Date(atMs),
      });
      await tx.audit({
        action: 'ssh_terminal_command',
        target: hostTarget(session.hostId),
        result: 'success',
        details: {
          host: session.hostId,
          hostName: session.hostName,
          sessionId: session.id,
          command,
        },
      });
      session.commandCount += 1;
    });
  }

  /** Ends a session once (later calls wait for the same end). Never rejects. */
  end(session: LiveSession, reason: SshSessionEndReason): Promise<void> {
    session.ending ??= (async () => {
      clearTimeout(session.idleTimer);
      this.live.delete(session.id);
      try {
        session.connection.close();
      } catch {
        // Already closed.
      }
      const message =
        reason === 'exited' && session.exitCode !== null
          ? `The remote shell exited with code ${session.exitCode}.`
          : ENDED_MESSAGES[reason];
      this.publisher.publishToRoom(session.room, 'terminal:ended', {
        sessionId: session.id,
        reason,
        exitCode: session.exitCode,
        message,
      });
      // Let the headless terminal read what is still queued (the last command's line feed).
      await session.extractor.settled();
      await session.commands;
      session.extractor.dispose();
      await session.recorder.close();
      await RequestContext.run(session.context, () =>
        this.uow.run(async (tx) => {
          await this.repository.update(session.id, {
            state: 'ended',
            endReason: reason,
            exitCode: session.exitCode,
            endedAt: new Date(),
            recordingBytes: session.recorder.size,
            lastActivityAt: session.lastActivityAt,
            cols: session.cols,
            rows: session.rows,
          });
          await tx.audit({
            action: 'ssh_terminal_ended',
            target: hostTarget(session.hostId),
            result: 'success',
            details: {
              sessionId: session.id,
              hostName: session.hostName,
              reason,
              exitCode: session.exitCode,
              commands: session.commandCount,
              recordingBytes: session.recorder.size,
            },
          });
        }),
      );
    })().catch((error: unknown) =>
      this.logger.error(`Ending terminal session ${session.id} failed: ${String(error)}`),
    );
    return session.ending;
  }

  private summary(session: LiveSession): SshSessionSummary {
    return {
      id: session.id,
      hostId: session.hostId,
      hostName: session.hostName,
      target: session.target,
      userId: session.userId,
      username: session.username,
      state: session.ending ? 'ended' : 'live',
      endReason: null,
      exitCode: session.exitCode,
      cols: session.cols,
      rows: session.rows,
      recordsInput: this.config.sshTerminalRecordInput,
      commandCount: session.commandCount,
      recordingBytes: session.recorder.size,
      startedAt: session.startedAt.toISOString(),
      lastActivityAt: session.lastActivityAt.toISOString(),
      endedAt: null,
    };
  }
}
