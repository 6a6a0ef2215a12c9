import type { Tx } from '@hyperion/api/core';
import type { AlertSeverity, AlertState } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

/** How many alerts of one organisation share a service, state, severity and suppression. */
export interface AlertTallyRow {
  serviceId: string | null;
  state: AlertState;
  severity: AlertSeverity;
  suppressed: boolean;
  n: number;
}

/**
 * The organisation's alert counts, from `alert_tally`: signed deltas that a trigger on `alert`
 * adds with every statement that changes alerts (migration 1796700000005), summed here. The
 * sweep folds them into one row per key, so the sum stays short.
 */
@Injectable()
export class AlertTally {
  /** The current counts (the keys with no alert left are dropped). */
  async read(tx: Tx): Promise<AlertTallyRow[]> {
    return (await tx.manager.query(
      `SELECT "service_id" AS "serviceId", "state", "severity", "suppressed", sum("n")::int AS "n"
         FROM "alert_tally" GROUP BY 1, 2, 3, 4 HAVING sum("n") <> 0`,
    )) as AlertTallyRow[];
  }

  /**
   * Folds the organisation's deltas into one row per key, in one statement. Deltas written
   * meanwhile are not seen by it and stay as they are; a concurrent fold waits for this one and
   * then finds the rows it took gone: nothing is counted twice or lost. Answers how many rows
   * it folded.
   */
  async fold(tx: Tx): Promise<number> {
    const [{ folded }] = (await tx.manager.query(
      `WITH gone AS (
         DELETE FROM "alert_tally"
          RETURNING "organization_id", "service_id", "state", "severity", "suppressed", "n"
       ), kept AS (
         INSERT INTO "alert_tally" ("organization_id", "service_id", "state", "severity", "suppressed", "n")
         SELECT "organization_id", "service_id", "state", "severity", "suppressed", sum("n")
           FROM gone GROUP BY 1, 2, 3, 4, 5 HAVING sum("n") <> 0
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM gone)::int AS "folded", (SELECT count(*) FROM kept)::int AS "kept"`,
    )) as { folded: number; kept: number }[];
    return folded;
  }
}
