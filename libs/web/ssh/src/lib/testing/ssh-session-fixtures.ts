import type { SshSessionCommand, SshSessionDetail, SshSessionSummary } from '@hyperion/contracts';

import { CURRENT_USER_ID } from './page-harness';

/** A terminal session as the API lists it (ended, the user's own), for specs. */
export function sshSessionRow(overrides: Partial<SshSessionSummary> = {}): SshSessionSummary {
  return {
    id: 's-1',
    hostId: 'h-alpha',
    hostName: 'alpha',
    target: 'ops@10.0.0.5:22',
    userId: CURRENT_USER_ID,
    username: 'me',
    state: 'ended',
    endReason: 'exited',
    exitCode: 0,
    cols: 80,
    rows: 24,
    recordsInput: false,
    commandCount: 2,
    recordingBytes: 2048,
    startedAt: '2026-01-30T14:00:00.000Z',
    lastActivityAt: '2026-01-30T14:03:07.000Z',
    endedAt: '2026-01-30T14:03:07.000Z',
    ...overrides,
  };
}

export function sshCommand(overrides: Partial<SshSessionCommand> = {}): SshSessionCommand {
  return {
    id: 'c-1',
    sessionId: 's-1',
    hostId: 'h-alpha',
    hostName: 'alpha',
    userId: CURRENT_USER_ID,
    command: 'uptime',
    offsetSeconds: 1.5,
    at: '2026-01-30T14:00:01.500Z',
    ...overrides,
  };
}

export function sshSessionDetail(overrides: Partial<SshSessionDetail> = {}): SshSessionDetail {
  return {
    ...sshSessionRow(),
    commands: [
      sshCommand(),
      sshCommand({ id: 'c-2', command: 'echo hello-marker', offsetSeconds: 3.2 }),
    ],
    ...overrides,
  };
}

/** A small asciicast v2 recording: a header line, then [time, "o", text] events. */
export function castOf(...outputs: [number, string][]): string {
  const header = { version: 2, width: 80, height: 24, timestamp: 1769781600 };
  return [JSON.stringify(header), ...outputs.map(([t, text]) => JSON.stringify([t, 'o', text]))]
    .join('\n')
    .concat('\n');
}
