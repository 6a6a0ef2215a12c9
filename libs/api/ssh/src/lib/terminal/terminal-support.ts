import { type ContextState } from '@hyperion/api/core';
import type { DomainSocket } from '@hyperion/api/realtime';
import type { SshSessionEndReason } from '@hyperion/contracts';
import { BadRequestException, HttpException, Logger } from '@nestjs/common';
import type { ClientChannel } from 'ssh2';

import { OpenedConnection } from '../connection/ssh-connections';
import { SshFailure, SshHop } from '../connection/ssh-connector';
import { AsciicastRecorder } from './asciicast-recorder';
import { CommandExtractor } from './command-extractor';
import { Scrollback } from './scrollback';
import { Checked } from './terminal-requests';

/** The terminal sessions' constants, the state of a live session and small helpers. */

/** How often an instance marks its live sessions as still held. */
export const HEARTBEAT_EVERY_MS = 30_000;
/** A live session whose heartbeat is older than this was left by an instance that is gone. */
export const STALE_AFTER_MS = 90_000;
export const SWEEP_EVERY_MS = 60_000;
/** How long a person has to answer a keyboard-interactive round. */
export const PROMPT_WAIT_MS = 2 * 60_000;
export const SHELL_TIMEOUT_MS = 10_000;
export const TERM = 'xterm-256color';
/**
 * Packets a console may hold untaken before its session stops reading the channel (each an
 * output chunk of at most the SSH packet size, 32 KiB: about 2 MiB per slow console).
 */
export const OUTPUT_BACKLOG_LIMIT = 64;
export const PLATFORM = { organizationId: null, platform: true, independent: true } as const;

export type Context = Pick<ContextState, 'actor' | 'ip' | 'userAgent'>;

/** A session held by this instance. */
export interface LiveSession {
  id: string;
  organizationId: string;
  userId: string;
  hostId: string;
  hostName: string;
  target: string;
  username: string;
  room: string;
  context: Context;
  connection: OpenedConnection;
  channel: ClientChannel;
  recorder: AsciicastRecorder;
  extractor: CommandExtractor;
  scrollback: Scrollback;
  /** Sockets attached here, by id. */
  sockets: Map<string, DomainSocket>;
  /** Output paused (the SSH channel not read) until the slow consoles attached catch up. */
  paused: boolean;
  cols: number;
  rows: number;
  startedAt: Date;
  lastInputMs: number;
  lastActivityAt: Date;
  exited: boolean;
  exitCode: number | null;
  commandCount: number;
  /** Command rows are written one after the other, in the order typed. */
  commands: Promise<void>;
  idleTimer?: NodeJS.Timeout;
  ending?: Promise<void>;
}

export interface WaitingPrompt {
  socketId: string;
  resolve(answers: string[]): void;
  reject(error: Error): void;
}

export const ENDED_MESSAGES: Record<SshSessionEndReason, string> = {
  exited: 'The remote shell exited.',
  closed: 'The session was closed from the console.',
  idle: 'Nobody typed anything for the idle time (SSH_TERMINAL_IDLE_MINUTES): the session ended.',
  disconnected: 'The connection to the host dropped.',
  failed: 'The session could not be opened.',
  shutdown: 'The API instance holding this session stopped.',
};

export function answerOf(
  error: unknown,
  logger: Logger,
): { ok: false; error: string; status: number } {
  if (error instanceof HttpException) {
    const response = error.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : ((response as { message?: unknown }).message ?? error.message);
    return {
      ok: false,
      status: error.getStatus(),
      error: Array.isArray(message) ? message.join('; ') : String(message),
    };
  }
  logger.error(
    `A terminal request failed: ${error instanceof Error ? error.stack : String(error)}`,
  );
  return {
    ok: false,
    status: 500,
    error: 'The terminal request failed on the server (see the API log).',
  };
}

export function valueOf<T>(checked: Checked<T>): T {
  if (!checked.ok) throw new BadRequestException(checked.error);
  return checked.value;
}

/** `shell` with a pseudo-terminal of the console's size, bounded in time. */
export function openShell(
  client: OpenedConnection['client'],
  hop: SshHop,
  cols: number,
  rows: number,
): Promise<ClientChannel> {
  return new Promise<ClientChannel>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(new SshFailure('timeout', hop, `the shell did not open in ${SHELL_TIMEOUT_MS} ms`)),
      SHELL_TIMEOUT_MS,
    );
    client.shell({ term: TERM, cols, rows }, (error, channel) => {
      clearTimeout(timer);
      if (error) reject(new SshFailure('channel', hop, `could not open a shell: ${error.message}`));
      else resolve(channel);
    });
  });
}
