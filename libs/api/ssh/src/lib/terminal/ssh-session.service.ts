import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';

import { AppConfig, RequestContext, UnitOfWork } from '@hyperion/api/core';
import type { SshSessionCommand, SshSessionDetail, SshSessionSummary } from '@hyperion/contracts';
import { SSH_TERMINAL_PERMISSIONS, SSH_TERMINAL_RULES } from '@hyperion/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';

import { SshSessionEntity } from '../entities/ssh-session.entity';
import { SshCommandSearchQueryDto, SshSessionListQueryDto } from './ssh-session.dto';
import { SshSessionRepository } from './ssh-session.repository';
import { recordingPath, toSessionCommand, toSessionSummary } from './terminal-mapping';
import { TerminalSessions } from './terminal-sessions';

/**
 * Terminal sessions as the REST API shows them: a user with `ssh:exec` sees their own, `ssh:admin`
 * every session of the organisation (another's is simply not found). Live sessions held by this
 * instance show their current figures.
 */
@Injectable()
export class SshSessionService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: SshSessionRepository,
    private readonly terminals: TerminalSessions,
    private readonly config: AppConfig,
  ) {}

  /** null: every session of the organisation; else only the caller's. */
  private scope(): string | null {
    const actor = RequestContext.current()?.actor;
    if (actor?.permissions.includes(SSH_TERMINAL_PERMISSIONS.all)) return null;
    return actor?.id ?? '';
  }

  list(query: SshSessionListQueryDto): Promise<SshSessionSummary[]> {
    return this.uow.run(async () => {
      const rows = await this.repository.list({
        userId: this.scope(),
        hostId: query.hostId,
        state: query.state,
        command: query.command,
        limit: query.limit ?? SSH_TERMINAL_RULES.listLimitDefault,
      });
      return rows.map((row) => this.summary(row));
    });
  }

  get(id: string): Promise<SshSessionDetail> {
    return this.uow.run(async () => {
      const row = await this.found(id);
      const commands = await this.repository.commandsOf(id);
      return { ...this.summary(row), commands: commands.map(toSessionCommand) };
    });
  }

  searchCommands(query: SshCommandSearchQueryDto): Promise<SshSessionCommand[]> {
    return this.uow.run(async () =>
      (
        await this.repository.searchCommands({
          userId: this.scope(),
          q: query.q,
          hostId: query.hostId,
          limit: query.limit ?? SSH_TERMINAL_RULES.listLimitDefault,
        })
      ).map(toSessionCommand),
    );
  }

  /** The recording's file, opened (the caller streams it and closes it). */
  async recording(id: string): Promise<{ handle: FileHandle; name: string }> {
    const row = await this.uow.run(() => this.found(id));
    try {
      const handle = await open(
        recordingPath(this.config.dataDir, row.organizationId, row.id),
        'r',
      );
      return { handle, name: `${row.hostName}-${row.startedAt.toISOString()}.cast` };
    } catch {
      throw new NotFoundException(
        'This session has no recording (it failed before its shell opened, or it was deleted)',
      );
    }
  }

  private async found(id: string): Promise<SshSessionEntity> {
    const row = await this.repository.findById(id);
    const scope = this.scope();
    if (!row || (scope !== null && row.userId !== scope)) {
      throw new NotFoundException('Terminal session not found');
    }
    return row;
  }

  private summary(row: SshSessionEntity): SshSessionSummary {
    return toSessionSummary(row, row.state === 'live' ? this.terminals.figures(row.id) : undefined);
  }
}
