import type { Permission } from './permissions';

/**
 * Browser terminals on SSH hosts. A terminal session lives on the API, not in the browser: the
 * console attaches to it over the Socket.IO gateway (binary frames), and a reload or a dropped
 * network attaches again and gets the scrollback replayed. Every session is recorded (asciicast
 * v2) and the command lines typed in it are extracted into a searchable list and the audit trail.
 */

/** `live`: the SSH channel is open (attached or not); `ended`: closed, recording kept. */
export const SSH_SESSION_STATES = ['live', 'ended'] as const;
export type SshSessionState = (typeof SSH_SESSION_STATES)[number];

/** Why a session ended. */
export const SSH_SESSION_END_REASONS = [
  /** The remote shell exited (`exit`, logout). */
  'exited',
  /** Closed from the console (`terminal:close`). */
  'closed',
  /**
   * No input for SSH_TERMINAL_IDLE_MINUTES, whether a console is attached or not (output alone,
   * a `top` left running in a forgotten tab, does not keep a session alive).
   */
  'idle',
  /** The connection to the host dropped. */
  'disconnected',
  /** Connecting, authenticating or opening the shell failed. */
  'failed',
  /** The API instance holding it stopped. */
  'shutdown',
] as const;
export type SshSessionEndReason = (typeof SSH_SESSION_END_REASONS)[number];

/** A terminal session as listed. */
export interface SshSessionSummary {
  id: string;
  hostId: string;
  /** The host's name when the session started (kept if the host is renamed or deleted). */
  hostName: string;
  /** `user@address:port` of the target when the session started. */
  target: string;
  userId: string | null;
  /** The Hyperion user's name, for the list. */
  username: string | null;
  state: SshSessionState;
  endReason: SshSessionEndReason | null;
  /** The remote shell's exit code, when it exited. */
  exitCode: number | null;
  cols: number;
  rows: number;
  /** Whether the recording holds typed input ("i" events) too (SSH_TERMINAL_RECORD_INPUT). */
  recordsInput: boolean;
  /** How many command lines were extracted so far. */
  commandCount: number;
  /** Size of the recording in bytes. */
  recordingBytes: number;
  /** ISO 8601, UTC. */
  startedAt: string;
  /** ISO 8601, UTC; the last input or output. */
  lastActivityAt: string;
  /** ISO 8601, UTC; null while live. */
  endedAt: string | null;
}

/** A command line typed in a session, as the headless terminal saw it when Enter was pressed. */
export interface SshSessionCommand {
  id: string;
  sessionId: string;
  hostId: string;
  hostName: string;
  userId: string | null;
  /** The line as typed, without the prompt (at most SSH_TERMINAL_RULES.commandMaxLength). */
  command: string;
  /** Seconds from the start of the recording: where the replay jumps to. */
  offsetSeconds: number;
  /** ISO 8601, UTC. */
  at: string;
}

export interface SshSessionDetail extends SshSessionSummary {
  commands: SshSessionCommand[];
}

/** `GET SSH_TERMINAL_ROUTES.sessions`: newest first. */
export interface SshSessionListQuery {
  hostId?: string;
  state?: SshSessionState;
  /** Sessions with a command containing this text (case-insensitive). */
  command?: string;
  limit?: number;
}

/** `GET SSH_TERMINAL_ROUTES.commands?q=&hostId=&limit=`: commands across sessions, newest first. */
export interface SshCommandSearchQuery {
  q?: string;
  hostId?: string;
  limit?: number;
}

// --- Socket.IO protocol (events on the gateway's namespace, each request answered by an ack) ---

export interface TerminalOpenRequest {
  hostId: string;
  cols: number;
  rows: number;
}

export interface TerminalAttachRequest {
  sessionId: string;
}

export interface TerminalInput {
  sessionId: string;
  /** Keystrokes or pasted text; a string, or bytes (binary frame). */
  data: string | ArrayBuffer | Uint8Array;
}

export interface TerminalResize {
  sessionId: string;
  cols: number;
  rows: number;
}

export interface TerminalSessionRef {
  sessionId: string;
}

/** Answers to a keyboard-interactive round (`terminal:prompt`), in the order of its prompts. */
export interface TerminalPromptAnswer {
  sessionId: string;
  answers: string[];
}

/**
 * The answer to `terminal:open` and `terminal:attach`: the session, and its scrollback (the last
 * SSH_TERMINAL_RULES.scrollbackBytes of output) for the console to write before live output.
 */
export type TerminalAttachAnswer =
  | { ok: true; session: SshSessionSummary; scrollback: ArrayBuffer | Uint8Array }
  | { ok: false; error: string; status: number };

/**
 * Refusals carry an HTTP-like status: 400 (a field, named first in `error`), 403 (permission),
 * 404 (no such session of yours, or this console is not attached to it), 409 (a changed host
 * key; a keyboard-interactive host over REST; a session held by another API instance), 410 (the
 * session ended), 429 (SSH_TERMINAL_RULES.sessionsPerUserMax live sessions already), 502 / 504
 * (the host refused or did not answer).
 */
export type TerminalAnswer = { ok: true } | { ok: false; error: string; status: number };

/** Output of a session, to the sockets attached to it. */
export interface TerminalOutput {
  sessionId: string;
  data: ArrayBuffer | Uint8Array;
}

/** A keyboard-interactive round: shown to the user, answered with `terminal:prompt-answer`. */
export interface TerminalPrompt {
  sessionId: string;
  name: string;
  instructions: string;
  prompts: { prompt: string; echo: boolean }[];
}

export interface TerminalEnded {
  sessionId: string;
  reason: SshSessionEndReason;
  exitCode: number | null;
  /** Human-readable, e.g. the SSH error when it failed. */
  message: string;
}

/** Client → server terminal events (merged into ClientToServerEvents). */
export interface TerminalClientEvents {
  'terminal:open': (
    request: TerminalOpenRequest,
    ack: (answer: TerminalAttachAnswer) => void,
  ) => void;
  'terminal:attach': (
    request: TerminalAttachRequest,
    ack: (answer: TerminalAttachAnswer) => void,
  ) => void;
  /** The ack is optional (a console typing need not wait): refusals are answered when given. */
  'terminal:input': (input: TerminalInput, ack?: (answer: TerminalAnswer) => void) => void;
  'terminal:resize': (request: TerminalResize, ack?: (answer: TerminalAnswer) => void) => void;
  'terminal:prompt-answer': (
    answer: TerminalPromptAnswer,
    ack?: (answer: TerminalAnswer) => void,
  ) => void;
  /** Stops receiving output; the session lives on (until idle). */
  'terminal:detach': (request: TerminalSessionRef, ack?: (answer: TerminalAnswer) => void) => void;
  /** Ends the session (the SSH channel is closed). */
  'terminal:close': (request: TerminalSessionRef, ack?: (answer: TerminalAnswer) => void) => void;
}

/** Server → client terminal events (merged into ServerToClientEvents). */
export interface TerminalServerEvents {
  'terminal:output': (output: TerminalOutput) => void;
  'terminal:prompt': (prompt: TerminalPrompt) => void;
  'terminal:ended': (ended: TerminalEnded) => void;
}

export const SSH_TERMINAL_RULES = {
  colsMin: 10,
  colsMax: 500,
  rowsMin: 2,
  rowsMax: 200,
  /** Output kept in memory per session and replayed on attach. */
  scrollbackBytes: 256 * 1024,
  /** One input frame at most (a paste larger than this is refused, not cut). */
  inputMaxBytes: 64 * 1024,
  commandMaxLength: 4096,
  /** Live sessions one user may hold at once. */
  sessionsPerUserMax: 10,
  /** Default of SSH_TERMINAL_IDLE_MINUTES. */
  idleMinutesDefault: 30,
  /** Default of SSH_RECORDING_RETENTION_DAYS. */
  recordingRetentionDaysDefault: 90,
  listLimitDefault: 50,
  listLimitMax: 200,
} as const;

/**
 * Opening a terminal needs `ssh:exec`. A user sees and replays their own sessions; `ssh:admin`
 * sees every session of the organisation.
 */
export const SSH_TERMINAL_PERMISSIONS = {
  use: 'ssh:exec',
  all: 'ssh:admin',
} as const satisfies Record<'use' | 'all', Permission>;

const sessionPath = (id: string) => `/api/v1/ssh/sessions/${encodeURIComponent(id)}`;

export const SSH_TERMINAL_ROUTES = {
  /** GET: sessions (live and ended), newest first (SshSessionListQuery). */
  sessions: '/api/v1/ssh/sessions',
  /** GET: one session with its commands. */
  session: sessionPath,
  /** GET: the asciicast v2 recording (`application/x-asciicast`), as an attachment with `?download=1`. */
  recording: (id: string) => `${sessionPath(id)}/recording`,
  /** GET: commands across sessions (SshCommandSearchQuery). */
  commands: '/api/v1/ssh/commands',
} as const;
