import { Actor, RequestMeta } from '@hyperion/api/core';
import type { AuditAction, AuditPage, AuditQuery, AuditResult } from '@hyperion/contracts';
import { BadRequestException, Injectable, Logger } from '@nestjs/common';

import { csvHeader, csvRow } from './audit-csv';
import { decodeCursor, encodeCursor } from './audit-cursor';
import { AuditRepository } from './audit.repository';

export interface AuditRecord {
  /** Who did it; null for an anonymous caller (e.g. a failed login). */
  actor: Actor | null;
  /** For anonymous records: what the caller claimed to be (e.g. the username tried). */
  actorName?: string;
  action: AuditAction;
  /** What it was done to: `user:<id>`, `role:<id>`, `api_key:<id>`, a route ... */
  target?: string | null;
  result: AuditResult;
  details?: Record<string, unknown>;
  meta: RequestMeta;
}

const DEFAULT_PAGE = 50;
const EXPORT_BATCH = 500;

/** The one way to write the audit log, and to read it back. */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(private readonly repository: AuditRepository) {}

  async record(r: AuditRecord): Promise<void> {
    await this.repository.insert({
      actorType: r.actor?.type ?? 'anonymous',
      actorId: r.actor?.id ?? null,
      actorName: (r.actor?.name ?? r.actorName ?? null)?.slice(0, 128) ?? null,
      action: r.action,
      target: r.target?.slice(0, 256) ?? null,
      ip: r.meta.ip?.slice(0, 64) ?? null,
      userAgent: r.meta.userAgent?.slice(0, 512) ?? null,
      result: r.result,
      details: r.details ?? {},
      correlationId: r.meta.correlationId,
    });
    if (r.result === 'failure') {
      this.logger.warn({
        msg: `audit ${r.action} failure`,
        actor: r.actor?.name ?? r.actorName,
        target: r.target,
        ip: r.meta.ip,
        correlationId: r.meta.correlationId,
      });
    }
  }

  count(f: {
    action: AuditAction;
    target: string;
    result?: AuditResult;
    since: Date;
  }): Promise<number> {
    return this.repository.count(f);
  }

  lastAt(f: { action: AuditAction; target: string; result?: AuditResult }): Promise<Date | null> {
    return this.repository.lastAt(f);
  }

  async search(query: AuditQuery): Promise<AuditPage> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const cursor = query.cursor ? decodeCursor(query.cursor) : null;
    if (query.cursor && !cursor) {
      throw new BadRequestException('cursor is not valid: use the nextCursor of a previous page');
    }
    // One extra row tells whether there is a next page.
    const rows = await this.repository.page(query, cursor, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
    };
  }

  /** Every matching entry as CSV, newest first, read in batches so a large log stays cheap. */
  async *exportCsv(query: AuditQuery): AsyncGenerator<string> {
    yield csvHeader();
    let cursor = query.cursor ? decodeCursor(query.cursor) : null;
    for (;;) {
      const rows = await this.repository.page(query, cursor, EXPORT_BATCH);
      for (const row of rows) yield csvRow(row);
      if (rows.length < EXPORT_BATCH) return;
      cursor = rows[rows.length - 1].id;
    }
  }
}
