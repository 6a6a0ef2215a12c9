import { UnitOfWork } from '@hyperion/api/core';
import type { SshSessionEndReason, SshSessionState } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';
import { Brackets, LessThan, Repository } from 'typeorm';

import { SshSessionCommandEntity } from '../entities/ssh-session-command.entity';
import { SshSessionEntity } from '../entities/ssh-session.entity';

export interface SessionFilter {
  /** Only this user's sessions (null: every session of the organisation). */
  userId: string | null;
  hostId?: string;
  state?: SshSessionState;
  command?: string;
  limit: number;
}

export interface CommandFilter {
  userId: string | null;
  q?: string;
  hostId?: string;
  limit: number;
}

/** What the sweep and the retention job need of a session, across organisations. */
export interface SessionRef {
  id: string;
  organizationId: string;
  hostId: string;
  hostName: string;
}

/** `%`, `_` and `\` taken literally in ILIKE. */
const literal = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The only TypeORM code of terminal sessions and their commands (inside a unit of work). */
@Injectable()
export class SshSessionRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get sessions(): Repository<SshSessionEntity> {
    return this.uow.manager.getRepository(SshSessionEntity);
  }

  private get commands(): Repository<SshSessionCommandEntity> {
    return this.uow.manager.getRepository(SshSessionCommandEntity);
  }

  countLiveOfUser(userId: string): Promise<number> {
    return this.sessions.countBy({ userId, state: 'live' });
  }

  insert(
    row: Omit<SshSessionEntity, 'organizationId' | 'organization'>,
  ): Promise<SshSessionEntity> {
    return this.sessions.save(
      this.sessions.create({ ...row, organizationId: this.uow.organizationId }),
    );
  }

  async update(id: string, fields: Partial<SshSessionEntity>): Promise<void> {
    await this.sessions.update({ id }, fields);
  }

  findById(id: string): Promise<SshSessionEntity | null> {
    return this.sessions.findOneBy({ id });
  }

  async addCommand(
    fields: Omit<SshSessionCommandEntity, 'id' | 'organizationId' | 'organization' | 'session'>,
  ): Promise<SshSessionCommandEntity> {
    const row = await this.commands.save(
      this.commands.create({ ...fields, organizationId: this.uow.organizationId }),
    );
    await this.sessions.increment({ id: fields.sessionId }, 'commandCount', 1);
    return row;
  }

  list(filter: SessionFilter): Promise<SshSessionEntity[]> {
    const query = this.sessions
      .createQueryBuilder('s')
      .orderBy('s.started_at', 'DESC')
      .addOrderBy('s.id', 'DESC')
      .take(filter.limit);
    if (filter.userId !== null) query.andWhere('s.user_id = :userId', { userId: filter.userId });
    if (filter.hostId) query.andWhere('s.host_id = :hostId', { hostId: filter.hostId });
    if (filter.state) query.andWhere('s.state = :state', { state: filter.state });
    if (filter.command) {
      query.andWhere(
        new Brackets((b) =>
          b.where(
            `EXISTS (SELECT 1 FROM "ssh_session_command" c WHERE c.session_id = s.id AND c.command ILIKE :command)`,
            { command: `%${literal(filter.command ?? '')}%` },
          ),
        ),
      );
    }
    return query.getMany();
  }

  commandsOf(sessionId: string): Promise<SshSessionCommandEntity[]> {
    return this.commands.find({
      where: { sessionId },
      order: { at: 'ASC', id: 'ASC' },
      take: 10_000,
    });
  }

  searchCommands(filter: CommandFilter): Promise<SshSessionCommandEntity[]> {
    const query = this.commands
      .createQueryBuilder('c')
      .orderBy('c.at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .take(filter.limit);
    if (filter.userId !== null) query.andWhere('c.user_id = :userId', { userId: filter.userId });
    if (filter.hostId) query.andWhere('c.host_id = :hostId', { hostId: filter.hostId });
    if (filter.q) query.andWhere('c.command ILIKE :q', { q: `%${literal(filter.q)}%` });
    return query.getMany();
  }

  /** Platform scope: refreshes the heartbeat of this instance's live sessions. */
  async heartbeat(instanceId: string): Promise<void> {
    await this.uow.manager.query(
      `UPDATE "ssh_session" SET "heartbeat_at" = now()
        WHERE "instance_id" = $1 AND "state" = 'live'`,
      [instanceId],
    );
  }

  /** Platform scope: ends the live sessions whose instance stopped beating; answers them. */
  async endStale(
    staleAfterMs: number,
    reason: SshSessionEndReason,
    exceptInstance: string,
  ): Promise<SessionRef[]> {
    const [rows] = (await this.uow.manager.query(
      `UPDATE "ssh_session"
          SET "state" = 'ended', "end_reason" = $2, "ended_at" = now()
        WHERE "state" = 'live' AND "instance_id" <> $3
          AND "heartbeat_at" < now() - ($1::double precision * interval '1 millisecond')
        RETURNING "id", "organization_id", "host_id", "host_name"`,
      [staleAfterMs, reason, exceptInstance],
    )) as [{ id: string; organization_id: string; host_id: string; host_name: string }[], number];
    return rows.map((r) => ({
      id: r.id,
      organizationId: r.organization_id,
      hostId: r.host_id,
      hostName: r.host_name,
    }));
  }

  /** Platform scope: ended sessions that ended before `before`, oldest first. */
  async endedBefore(before: Date, limit: number): Promise<SessionRef[]> {
    const rows = await this.sessions.find({
      select: { id: true, organizationId: true, hostId: true, hostName: true },
      where: { state: 'ended', endedAt: LessThan(before) },
      order: { endedAt: 'ASC' },
      take: limit,
    });
    return rows;
  }

  /** Platform scope: deletes sessions (their commands go with them). */
  async deleteMany(ids: string[]): Promise<void> {
    if (ids.length > 0) await this.sessions.delete(ids);
  }
}
