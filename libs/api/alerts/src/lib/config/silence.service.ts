import { RequestContext, UnitOfWork } from '@hyperion/api/core';
import type { CreateSilenceRequest, SilenceSummary } from '@hyperion/contracts';
import { ALERT_RULES } from '@hyperion/contracts';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';

import { validateMatchers } from '../ingest-model/matchers';
import { isInRecurrence, validateRecurrence } from '../ingest-model/recurrence';
import { AlertConfigChanges } from './alert-config-changes';
import type { SilenceStatusFilter } from './dto/silence.dto';
import { SilenceEntity } from './entities/silence.entity';
import { SilenceRepository } from './silence.repository';

/** How far ahead a silence may end. */
export const SILENCE_MAX_AHEAD_MS = 366 * 24 * 60 * 60 * 1000;

/**
 * Where a silence stands at `at`: `expired` once ended; `pending` before it starts, and, for a
 * recurring window, between two occurrences; otherwise `active` (it silences).
 */
export function silenceStatus(row: SilenceEntity, at: Date): SilenceSummary['status'] {
  if (at.getTime() >= row.endsAt.getTime()) return 'expired';
  if (at.getTime() < row.startsAt.getTime()) return 'pending';
  if (row.recurrence && !isInRecurrence(row.recurrence, row.startsAt, row.endsAt, at)) {
    return 'pending';
  }
  return 'active';
}

export function toSilenceSummary(row: SilenceEntity, at: Date): SilenceSummary {
  return {
    id: row.id,
    comment: row.comment,
    matchers: row.matchers,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    recurrence: row.recurrence,
    status: silenceStatus(row, at),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

const target = (id: string) => `silence:${id}`;

/** 400 naming `field` unless `value` is an ISO 8601 date and time. */
function parseInstant(value: unknown, field: string): Date {
  const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) {
    throw new BadRequestException(`${field}: an ISO 8601 date and time`);
  }
  return date;
}

/**
 * Silences and maintenance windows. They are never deleted: expiring one ends it now, and the
 * rows stay as the record of who silenced what, when.
 */
@Injectable()
export class SilenceService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: SilenceRepository,
    private readonly changes: AlertConfigChanges,
  ) {}

  /**
   * By default those not yet expired (active and pending), the soonest first; `expired` gives
   * the last ones to end (at most ALERT_RULES.listLimitMax), `all` both.
   */
  list(status?: SilenceStatusFilter): Promise<SilenceSummary[]> {
    return this.uow.run(async () => {
      const now = new Date();
      const live =
        status === 'expired'
          ? []
          : (await this.repository.listLive(now)).map((row) => toSilenceSummary(row, now));
      const ended =
        status === 'expired' || status === 'all'
          ? (await this.repository.listEnded(now, ALERT_RULES.listLimitMax)).map((row) =>
              toSilenceSummary(row, now),
            )
          : [];
      const all = [...live, ...ended];
      return status === 'active' || status === 'pending'
        ? all.filter((s) => s.status === status)
        : all;
    });
  }

  /** The silences not yet ended at `at`, their status at `at` (what the ingest matches against). */
  listLive(at: Date): Promise<SilenceSummary[]> {
    return this.uow.run(async () =>
      (await this.repository.listLive(at)).map((row) => toSilenceSummary(row, at)),
    );
  }

  get(id: string): Promise<SilenceSummary> {
    return this.uow.run(async () => toSilenceSummary(await this.found(id), new Date()));
  }

  create(dto: CreateSilenceRequest): Promise<SilenceSummary> {
    return this.uow.run(async (tx) => {
      const organizationId = this.uow.organizationId;
      const now = new Date();
      const comment = typeof dto.comment === 'string' ? dto.comment : '';
      if (comment.trim() === '' || comment.length > ALERT_RULES.silenceCommentMax) {
        throw new BadRequestException(
          `comment: 1 to ${ALERT_RULES.silenceCommentMax} characters, not only spaces`,
        );
      }
      const matchers = validateMatchers(dto.matchers, 'matchers');
      if (matchers.length === 0) {
        throw new BadRequestException('matchers: at least one matcher');
      }
      const startsAt = dto.startsAt === undefined ? now : parseInstant(dto.startsAt, 'startsAt');
      const endsAt = parseInstant(dto.endsAt, 'endsAt');
      if (endsAt.getTime() <= startsAt.getTime()) {
        throw new BadRequestException('endsAt: must be after startsAt');
      }
      if (endsAt.getTime() <= now.getTime()) {
        throw new BadRequestException('endsAt: must be in the future');
      }
      if (endsAt.getTime() > now.getTime() + SILENCE_MAX_AHEAD_MS) {
        throw new BadRequestException('endsAt: at most a year ahead');
      }
      const recurrence =
        dto.recurrence === undefined ? null : validateRecurrence(dto.recurrence, 'recurrence');
      const actor = RequestContext.current()?.actor;
      const row = await this.repository.create({
        comment,
        matchers,
        startsAt,
        endsAt,
        recurrence,
        createdBy: actor?.type === 'user' ? actor.id : null,
      });
      await tx.audit({
        action: 'silence_created',
        target: target(row.id),
        result: 'success',
        details: {
          comment: row.comment.slice(0, 200),
          matchers: row.matchers.length,
          startsAt: row.startsAt.toISOString(),
          endsAt: row.endsAt.toISOString(),
          recurring: row.recurrence !== null,
        },
      });
      tx.afterCommit(() => this.changes.notify(organizationId));
      return toSilenceSummary(row, now);
    });
  }

  /** Ends it now (a pending one never starts); one already ended stays as it is. */
  expire(id: string): Promise<SilenceSummary> {
    return this.uow.run(async (tx) => {
      const organizationId = this.uow.organizationId;
      const now = new Date();
      // Locked: two expiries at once end it (and audit it) once.
      const current = await this.found(id, true);
      if (current.endsAt.getTime() <= now.getTime()) return toSilenceSummary(current, now);
      const previousEndsAt = current.endsAt.toISOString();
      const row = await this.repository.update(current, {
        endsAt: now,
        startsAt: current.startsAt.getTime() > now.getTime() ? now : current.startsAt,
      });
      await tx.audit({
        action: 'silence_expired',
        target: target(id),
        result: 'success',
        details: { previousEndsAt, endsAt: row.endsAt.toISOString() },
      });
      tx.afterCommit(() => this.changes.notify(organizationId));
      return toSilenceSummary(row, now);
    });
  }

  private async found(id: string, forUpdate = false): Promise<SilenceEntity> {
    const row = await this.repository.findById(id, forUpdate);
    if (!row) throw new NotFoundException('Silence not found');
    return row;
  }
}
