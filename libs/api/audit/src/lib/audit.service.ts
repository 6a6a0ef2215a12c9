import { AuditInput, RequestContext, UnitOfWork } from '@hyperion/api/core';
import type { AuditAction, AuditPage, AuditQuery, AuditResult } from '@hyperion/contracts';
import { BadRequestException, Injectable, Logger } from '@nestjs/common';

import { csvHeader, csvRow } from './audit-csv';
import { decodeCursor, encodeCursor } from './audit-cursor';
import { AuditRepository } from './audit.repository';

export type AuditRecord = AuditInput;

const DEFAULT_PAGE = 50;
const EXPORT_BATCH = 500;

/**
 * Reads the audit log, and records what is not part of a change: refusals and failures that
 * must stay on record even though the request fails. A change records its entry with
 * `tx.audit(...)` inside its own unit of work instead, so both commit or roll back together.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly repository: AuditRepository,
    private readonly uow: UnitOfWork,
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
      this.logger.warn({
        msg: `audit ${r.action} failure`,
        actor: r.actor?.name ?? r.actorName,
        target: r.target,
        ip: meta.ip,
        correlationId: meta.correlationId,
      });
    }
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
    const cursor = query.cursor ? decodeCursor(query.cursor) : null;
    if (query.cursor && !cursor) {
      throw new BadRequestException('cursor is not valid: use the nextCursor of a previous page');
    }
    // One extra row tells whether there is a next page.
    const rows = await read(cursor, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
  }

  /** Every matching entry as CSV, newest first, read in batches so a large log stays cheap. */
  async *exportCsv(query: AuditQuery): AsyncGenerator<string> {
    yield csvHeader();
    let cursor = query.cursor ? decodeCursor(query.cursor) : null;
    for (;;) {
      const rows = await this.uow.run(() => this.repository.page(query, cursor, EXPORT_BATCH));
      for (const row of rows) yield csvRow(row);
      if (rows.length < EXPORT_BATCH) return;
      cursor = rows[rows.length - 1].id;
    }
  }

  private acrossOrganizations<T>(fn: () => Promise<T>): Promise<T> {
    return this.uow.run(fn, { organizationId: null, platform: true, independent: true });
  }
}
