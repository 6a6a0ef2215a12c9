import type { SshSessionCommand, SshSessionSummary } from '@hyperion/contracts';
import { join } from 'node:path';

import { SshSessionCommandEntity } from '../entities/ssh-session-command.entity';
import { SshSessionEntity } from '../entities/ssh-session.entity';

/** `<DATA_DIR>/recordings/<organisation id>/<session id>.cast` (both ids are UUIDs). */
export function recordingPath(dataDir: string, organizationId: string, sessionId: string): string {
  return join(dataDir, 'recordings', organizationId, `${sessionId}.cast`);
}

/** What a live session knows better than its row (its row is refreshed every heartbeat). */
export interface LiveFigures {
  recordingBytes: number;
  commandCount: number;
  lastActivityAt: Date;
  cols: number;
  rows: number;
}

export function toSessionSummary(row: SshSessionEntity, live?: LiveFigures): SshSessionSummary {
  return {
    id: row.id,
    hostId: row.hostId,
    hostName: row.hostName,
    target: row.target,
    userId: row.userId,
    username: row.username,
    state: row.state,
    endReason: row.endReason,
    exitCode: row.exitCode,
    cols: live?.cols ?? row.cols,
    rows: live?.rows ?? row.rows,
    recordsInput: row.recordsInput,
    commandCount: Math.max(live?.commandCount ?? 0, row.commandCount),
    recordingBytes: live?.recordingBytes ?? row.recordingBytes,
    startedAt: row.startedAt.toISOString(),
    lastActivityAt: (live?.lastActivityAt ?? row.lastActivityAt).toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
  };
}

export function toSessionCommand(row: SshSessionCommandEntity): SshSessionCommand {
  return {
    id: row.id,
    sessionId: row.sessionId,
    hostId: row.hostId,
    hostName: row.hostName,
    userId: row.userId,
    command: row.command,
    offsetSeconds: row.offsetSeconds,
    at: row.at.toISOString(),
  };
}
