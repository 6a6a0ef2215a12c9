import { Actor, AuditInput, RequestContext, UnitOfWork } from '@hyperion/api/core';
import type { AuditAction, AuditPage, AuditQuery, AuditResult } from '@hyperion/contracts';
import { BadRequestException, Injectable, Logger } from '@nestjs/common';

import { AuditAggregator, RepeatOptions } from './aggregation/audit-aggregator';
import { csvHeader, csvRow } from './audit-csv';
import { decodeCursor, encodeCursor } from './audit-cursor';
import { AuditRepository } from './audit.repository';

export type AuditRecord = AuditInput;

const DEFAULT_PAGE = 50;
const EXPORT_BATCH = 500;
/** Requests remembered as having recorded a failure (see takeFailureMark). */
const MAX_FAILURE_MARKS = 10_000;

/**
 * Reads the audit log, and records what is not part of a change: refusals and failures that
 * must stay on record even though the request fails. A change records its entry with
 * `tx.audit(...)` inside its own unit of work instead, so both commit or roll back together.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');
  /** Correlation ids of requests that recorded a failure entry (insertion order: oldest first). */
  private readonly failureMarks = new Set<string>();

  constructor(
    private readonly repository: AuditRepository,
    private readonly uow: UnitOfWork,
    private readonly aggregator: AuditAggregator,
  ) {}

  /**
   * Records one entry in a transaction of its own (kept even if the caller's fails). The
   * organisation defaults to the context's; null makes it an instance-level entry.
   */
  async record(r: AuditRecord): Promise<void> {
    const organizationId =
      r.organizationId === undefined
        ? (RequestContext.current()?.organizationId ?? null)
        : r.organizationId;
    await this.uow.run((tx) => tx.audit({ ...r, organizationId }), {
      organizationId,
      platform: organizationId === null,
      independent: true,
    });
    if (r.result === 'failure') {
      const meta = RequestContext.meta();
      this.markFailure(meta.correlationId);
      this.logger.warn({
        msg: `audit ${r.action} failure`,
        actor: r.actor?.name ?? r.actorName,
        target: r.target,
        ip: meta.ip,
        correlationId: meta.correlationId,
      });
    }
  }

  /**
   * Records a refusal that a caller can repeat at will (`permission_denied`, `auth_failed`, a
   * refused admin action) without flooding the log: per minute and per actor (or source IP
   * when anonymous), the first is written at once with `details.count = 1` and the rest become
   * one summary row with their count (see AuditAggregator). `facet` splits the count (e.g. by
   * reason); `sample` is named in the summary (e.g. the route).
   */
  async recordRepeated(r: AuditRecord, options: RepeatOptions = {}): Promise<void> {
    const context = RequestContext.current();
    const organizationId =
      r.organizationId === undefined ? (context?.organizationId ?? null) : r.organizationId;
    const actor: Actor | null = r.actor === undefined ? (context?.actor ?? null) : r.actor;
    const resolved = { ...r, actor, organizationId };
    const outcome = await this.aggregator.count(resolved, options);
    if (outcome === 'counted') {
      this.markFailure(RequestContext.meta().correlationId);
      return;
    }
    await this.record({ ...resolved, details: { ...r.details, count: 1 } });
  }

  /**
   * Whether this request (by correlation id) already recorded a failure entry, so a generic
   * refusal recorder does not write a second one; the mark is consumed.
   */
  takeFailureMark(correlationId: string | null): boolean {
    return correlationId !== null && this.failureMarks.delete(correlationId);
  }

  private markFailure(correlationId: string | null): void {
    if (!correlationId) return;
    if (this.failureMarks.size >= MAX_FAILURE_MARKS) {
      const oldest = this.failureMarks.values().next();
      if (!oldest.done) this.failureMarks.delete(oldest.value);
    }
    this.failureMarks.add(correlationId);
  }

  /** Entries about `target` since `since`, in every organisation (lockout counting). */
  count(f: {
    action: AuditAction;
    target: string;
    result?: AuditResult;
    since: Date;
  }): Promise<number> {
    return this.acrossOrganizations(() => this.repository.count(f));
  }

  lastAt(f: { action: AuditAction; target: string; result?: AuditResult }): Promise<Date | null> {
    return this.acrossOrganizations(() => this.repository.lastAt(f));
  }

  /** The active organisation's entries, newest first. */
  search(query: AuditQuery): Promise<AuditPage> {
    return this.pageOf(query, (cursor, limit) =>
      this.uow.run(() => this.repository.page(query, cursor, limit)),
    );
  }

  /**
   * Instance-level entries (no organisation: sign-in attempts for unknown accounts ...), for
   * platform administrators.
   */
  searchInstance(query: AuditQuery): Promise<AuditPage> {
    return this.pageOf(query, (cursor, limit) =>
      this.acrossOrganizations(() => this.repository.page(query, cursor, limit, true)),
    );
  }

  /** One page through `read`, with the cursor checked and the next one computed. */
  private async pageOf(
    query: AuditQuery,
    read: (cursor: string | null, limit: number) => Promise<AuditPage['items']>,
  ): Promise<AuditPage> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const cursor = checkedCursor(query);
    // One extra row tells whether there is a next page.
    const rows = await read(cursor, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
  }

  /**
   * Every matching entry as CSV lines, newest first, read in batches so a large log stays cheap.
   * The filters are checked and the first batch is read before this resolves, so a bad filter
   * or a database that does not answer is an ordinary error response, before any byte is sent;
   * a failure after that rejects the iteration (the caller then aborts the transfer).
   */
  async openCsvExport(query: AuditQuery): Promise<AsyncIterable<string>> {
    const start = checkedCursor(query);
    const read = (cursor: string | null) =>
      this.uow.run(() => this.repository.page(query, cursor, EXPORT_BATCH));
    const firstBatch = await read(start);
    return (async function* () {
      yield csvHeader();
      let rows = firstBatch;
      for (;;) {
        for (const row of rows) yield csvRow(row);
        if (rows.length < EXPORT_BATCH) return;
        rows = await read(rows[rows.length - 1].id);
      }
    })();
  }

  private acrossOrganizations<T>(fn: () => Promise<T>): Promise<T> {
    return this.uow.run(fn, { organizationId: null, platform: true, independent: true });
  }
}

/** The cursor's row id; 400 naming the field for a cursor or a time range that cannot be. */
function checkedCursor(query: AuditQuery): string | null {
  if (query.from && query.to && Date.parse(query.to) <= Date.parse(query.from)) {
    throw new BadRequestException('to must be later than from');
  }
  if (!query.cursor) return null;
  const cursor = decodeCursor(query.cursor);
  if (!cursor) {
    throw new BadRequestException('cursor is not valid: use the nextCursor of a previous page');
  }
  return cursor;
}
