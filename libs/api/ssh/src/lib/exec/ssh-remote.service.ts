import { RequestContext, UnitOfWork } from '@hyperion/api/core';
import type { SshExecListItem, SshExecResult, SshTestResult } from '@hyperion/contracts';
import { SSH_EXEC_RULES } from '@hyperion/contracts';
import { HttpException, Injectable, NotFoundException } from '@nestjs/common';

import { OpenedConnection, SshConnections, sshHttpError } from '../connection/ssh-connections';
import { SshExecDto } from '../dto/ssh-host.dto';
import { SshExecEntity } from '../entities/ssh-exec.entity';
import { hostTarget } from '../ssh-host.mapping';
import { SshHostRepository } from '../ssh-host.repository';
import { runCommand } from './run-command';
import { SshExecRepository } from './ssh-exec.repository';

/** The history keeps each stream up to this many bytes; PostgreSQL text cannot hold NUL. */
function stored(output: Buffer): string {
  return output
    .subarray(0, SSH_EXEC_RULES.storedOutputMaxBytes)
    .toString('utf8')
    .replace(/\0/g, '\uFFFD');
}

function toListItem(row: SshExecEntity): SshExecListItem {
  return {
    id: row.id,
    hostId: row.hostId,
    userId: row.userId,
    command: row.command,
    exitCode: row.exitCode,
    signal: row.signal,
    truncated: row.truncated,
    timedOut: row.timedOut,
    durationMs: row.durationMs,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt.toISOString(),
  };
}

const messageOf = (error: HttpException) => {
  const response = error.getResponse();
  return typeof response === 'string'
    ? response
    : String((response as { message?: unknown }).message ?? error.message);
};

/**
 * Connection tests and remote commands. Every connection is opened for one use and closed in a
 * `finally`; the command, its outcome and who ran it are stored and audited, failures included.
 */
@Injectable()
export class SshRemoteService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly connections: SshConnections,
    private readonly hosts: SshHostRepository,
    private readonly execs: SshExecRepository,
  ) {}

  async test(id: string): Promise<SshTestResult> {
    const hops = await this.connections.hopsOf(id);
    const started = performance.now();
    let connection: OpenedConnection | null = null;
    try {
      connection = await this.connections.open(hops);
      const latencyMs = Math.round(performance.now() - started);
      await this.audit(id, 'ssh_connection_tested', 'success', {
        fingerprint: connection.fingerprint,
        latencyMs,
      });
      return { ok: true, fingerprint: connection.fingerprint, latencyMs };
    } catch (error) {
      const failure = sshHttpError(error);
      await this.audit(id, 'ssh_connection_tested', 'failure', { reason: messageOf(failure) });
      throw failure;
    } finally {
      connection?.close();
    }
  }

  async exec(id: string, dto: SshExecDto): Promise<SshExecResult> {
    const hops = await this.connections.hopsOf(id);
    const startedAt = new Date();
    let connection: OpenedConnection | null = null;
    let outcome;
    try {
      connection = await this.connections.open(hops);
      outcome = await runCommand(connection.client, connection.target, dto.command, {
        timeoutMs: (dto.timeoutSeconds ?? SSH_EXEC_RULES.timeoutDefault) * 1000,
        maxOutputBytes: dto.maxOutputBytes ?? SSH_EXEC_RULES.maxOutputDefault,
      });
    } catch (error) {
      const failure = sshHttpError(error);
      await this.audit(id, 'ssh_exec', 'failure', {
        command: dto.command,
        reason: messageOf(failure),
      });
      throw failure;
    } finally {
      connection?.close();
    }
    const ran = outcome;
    const actor = RequestContext.current()?.actor;
    return this.uow.run(async (tx) => {
      const row = await this.execs.create({
        hostId: id,
        userId: actor?.type === 'user' ? actor.id : null,
        command: dto.command,
        exitCode: ran.exitCode,
        signal: ran.signal,
        stdout: stored(ran.stdout),
        stderr: stored(ran.stderr),
        truncated: ran.truncated,
        timedOut: ran.timedOut,
        durationMs: ran.durationMs,
        startedAt,
        finishedAt: new Date(),
      });
      await tx.audit({
        action: 'ssh_exec',
        target: hostTarget(id),
        result: 'success',
        details: {
          execId: row.id,
          command: dto.command,
          exitCode: ran.exitCode,
          signal: ran.signal,
          timedOut: ran.timedOut,
          truncated: ran.truncated,
          durationMs: ran.durationMs,
        },
      });
      return {
        ...toListItem(row),
        stdout: ran.stdout.toString('utf8'),
        stderr: ran.stderr.toString('utf8'),
      };
    });
  }

  listExecs(
    id: string,
    limit: number = SSH_EXEC_RULES.listLimitDefault,
  ): Promise<SshExecListItem[]> {
    return this.uow.run(async () => {
      await this.foundHost(id);
      return (await this.execs.listByHost(id, limit)).map(toListItem);
    });
  }

  getExec(id: string, execId: string): Promise<SshExecResult> {
    return this.uow.run(async () => {
      const row = await this.execs.findOne(id, execId);
      if (!row) throw new NotFoundException('Command not found');
      return { ...toListItem(row), stdout: row.stdout, stderr: row.stderr };
    });
  }

  private async foundHost(id: string): Promise<void> {
    if (!(await this.hosts.findById(id))) throw new NotFoundException('SSH host not found');
  }

  /** Its own unit of work: the entry stays although the request fails. */
  private audit(
    id: string,
    action: 'ssh_exec' | 'ssh_connection_tested',
    result: 'success' | 'failure',
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.uow.run((tx) => tx.audit({ action, target: hostTarget(id), result, details }));
  }
}
