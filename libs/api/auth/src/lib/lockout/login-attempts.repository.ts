import { UnitOfWork } from '@hyperion/api/core';
import { Injectable } from '@nestjs/common';

import { AttemptState } from './lockout';

interface Row {
  attempts: number;
  level: number;
  locked_until: Date | null;
  last_attempt_at: Date | null;
  now: Date;
}

const toState = (row: Row): AttemptState => ({
  attempts: row.attempts,
  level: row.level,
  lockedUntil: row.locked_until,
  lastAttemptAt: row.last_attempt_at,
});

/**
 * Lockout counters (`login_attempt`, instance-level). Inside a unit of work: `lock*` takes the
 * row's lock until the transaction ends, so the read, the decision and the write of one attempt
 * are never interleaved with another's. Times come from the database clock (one clock for every
 * instance).
 */
@Injectable()
export class LoginAttemptsRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The subject's counter, created empty if need be, locked. */
  async lock(key: string, userId: string | null): Promise<{ state: AttemptState; now: Date }> {
    const [row] = (await this.uow.manager.query(
      `INSERT INTO "login_attempt" ("key", "user_id") VALUES ($1, $2)
       ON CONFLICT ("key") DO UPDATE SET "key" = EXCLUDED."key"
       RETURNING "attempts", "level", "locked_until", "last_attempt_at", clock_timestamp() AS "now"`,
      [key, userId],
    )) as Row[];
    return { state: toState(row), now: row.now };
  }

  /** The subject's counter, locked; null when it has none. */
  async lockExisting(key: string): Promise<{ state: AttemptState; now: Date } | null> {
    const [row] = (await this.uow.manager.query(
      `SELECT "attempts", "level", "locked_until", "last_attempt_at", clock_timestamp() AS "now"
         FROM "login_attempt" WHERE "key" = $1 FOR UPDATE`,
      [key],
    )) as Row[];
    return row ? { state: toState(row), now: row.now } : null;
  }

  async save(key: string, state: AttemptState): Promise<void> {
    await this.uow.manager.query(
      `UPDATE "login_attempt"
          SET "attempts" = $2, "level" = $3, "locked_until" = $4, "last_attempt_at" = $5
        WHERE "key" = $1`,
      [key, state.attempts, state.level, state.lockedUntil, state.lastAttemptAt],
    );
  }

  /** Forgets the counter; the lock it had ends at once. Returns the lock it ended, if any. */
  async clear(key: string): Promise<Date | null> {
    // TypeORM answers a DELETE with [rows, affected].
    const [rows] = (await this.uow.manager.query(
      `DELETE FROM "login_attempt" WHERE "key" = $1
       RETURNING CASE WHEN "locked_until" > clock_timestamp() THEN "locked_until" END AS "locked_until"`,
      [key],
    )) as [{ locked_until: Date | null }[], number];
    return rows[0]?.locked_until ?? null;
  }

  /** Until when each of these accounts is locked (only those locked now). */
  async lockedUntil(userIds: readonly string[]): Promise<Map<string, Date>> {
    if (userIds.length === 0) return new Map();
    const rows = (await this.uow.manager.query(
      `SELECT "user_id", "locked_until" FROM "login_attempt"
        WHERE "user_id" = ANY ($1::uuid[]) AND "locked_until" > clock_timestamp()`,
      [userIds],
    )) as { user_id: string; locked_until: Date }[];
    return new Map(rows.map((r) => [r.user_id, r.locked_until]));
  }

  /** Drops counters idle for `idleSeconds` and not locked (unknown logins would pile up). */
  async prune(idleSeconds: number, limit = 500): Promise<void> {
    await this.uow.manager.query(
      `DELETE FROM "login_attempt" WHERE "key" IN (
         SELECT "key" FROM "login_attempt"
          WHERE "last_attempt_at" < clock_timestamp() - make_interval(secs => $1)
            AND ("locked_until" IS NULL OR "locked_until" < clock_timestamp())
          LIMIT $2
          FOR UPDATE SKIP LOCKED)`,
      [idleSeconds, limit],
    );
  }
}
