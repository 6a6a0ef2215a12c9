import { SecretBox, UnitOfWork } from '@hyperion/api/core';
import { JOBS, QUEUES } from '@hyperion/contracts';
import { ConflictException, Injectable, Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';

import { runCheck, type CheckRun } from '../checks';
import { MonitorEntity } from '../entities/monitor.entity';
import { secretContext } from '../monitor-target';
import { MonitorRepository } from '../monitor.repository';
import { foldCheck, foldSlow } from './monitor-verdict';

/**
 * JOBS.monitorAlert: the alert a monitor's DOWN raises, or its UP resolves (`condition` `down`),
 * or the one it raises when slow and resolves when fast again (`slow`).
 */
export interface MonitorAlertJob {
  monitorId: string;
  action: 'trigger' | 'resolve';
  /** Absent: `down` (jobs queued before there were slow alerts). */
  condition?: 'down' | 'slow';
  name: string;
  kind: string;
  serviceId: string | null;
  message: string;
  /** `slow`: the check's latency and the threshold it was held to (null: switched off). */
  latencyMs?: number | null;
  thresholdMs?: number | null;
  organizationId?: string;
  correlationId?: string;
}

/**
 * The dedup key of a monitor's alert: one alert per monitor and condition, however often it
 * goes down (`monitor:<id>`) or slow (`monitor:<id>:slow`).
 */
export const monitorAlertKey = (monitorId: string, condition: 'down' | 'slow' = 'down') =>
  condition === 'down' ? `monitor:${monitorId}` : `monitor:${monitorId}:slow`;

/** The monitor's columns a check's verdict reads, locked for the verdict's unit of work. */
type Standing = Pick<
  MonitorEntity,
  | 'state'
  | 'failures'
  | 'retries'
  | 'enabled'
  | 'checkState'
  | 'responseTimeThresholdMs'
  | 'slowChecks'
  | 'slow'
>;

/** When a push monitor last heard from its job (kept in its check state), or null. */
export function lastPushAt(state: Record<string, unknown> | null): Date | null {
  const at = state?.['lastPushAt'];
  return typeof at === 'string' ? new Date(at) : null;
}

/**
 * One check of one monitor, start to end: take its lease (no other run of it anywhere), run the
 * check outside any transaction, then in one unit of work record the result and the new
 * standing, and on a transition queue the alert (raised on DOWN, resolved on UP; raised when
 * slow, resolved when fast) through the outbox, so a crash after the commit still sends it and
 * nothing sends it twice.
 */
@Injectable()
export class MonitorCheckRunner {
  private readonly logger = new Logger('Monitors');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: MonitorRepository,
    private readonly box: SecretBox,
  ) {}

  /** Runs a due check (the scheduler's job), or one asked for now (`force`: 409 while one runs). */
  async run(monitorId: string, options: { force: boolean }): Promise<void> {
    const claimed = await this.uow.run(() => this.repository.claim(monitorId, options.force));
    if (!claimed) {
      if (options.force) throw new ConflictException('A check of this monitor is running');
      return;
    }
    const started = new Date();
    const outcome = await this.check(claimed);
    await this.uow.run(async (tx) => {
      const [current] = (await tx.manager.query(
        `SELECT "state", "failures", "retries", "enabled", "check_state" AS "checkState",
                "response_time_threshold_ms" AS "responseTimeThresholdMs",
                "slow_checks" AS "slowChecks", "slow"
           FROM "monitor" WHERE "id" = $1 FOR UPDATE`,
        [monitorId],
      )) as Standing[];
      // Deleted or paused while it ran; or, for a push monitor, a push came in meanwhile.
      if (!current || !current.enabled) return;
      const pushed = claimed.kind === 'push' ? lastPushAt(current.checkState) : null;
      if (pushed && pushed > started) {
        await tx.manager.query(`UPDATE "monitor" SET "running_until" = NULL WHERE "id" = $1`, [
          monitorId,
        ]);
        return;
      }
      const verdict = foldCheck(current, outcome.up);
      // The threshold as it is now (read under the lock): one changed while the check ran holds.
      const speed = foldSlow(current, outcome);
      await this.repository.record(claimed, {
        checkedAt: new Date(),
        up: outcome.up,
        latencyMs: outcome.latencyMs,
        message: outcome.message,
        state: verdict.state,
        failures: verdict.failures,
        stateChanged: verdict.state !== current.state,
        checkState: outcome.state,
        slowChecks: speed.slowChecks,
        slow: speed.slow,
      });
      const alert = {
        monitorId,
        name: claimed.name,
        kind: claimed.kind,
        serviceId: claimed.serviceId,
        message: outcome.message,
      };
      if (verdict.transition) {
        await tx.enqueue(QUEUES.monitors, JOBS.monitorAlert, {
          ...alert,
          action: verdict.transition === 'down' ? 'trigger' : 'resolve',
          condition: 'down',
        } satisfies MonitorAlertJob);
      }
      if (speed.transition) {
        await tx.enqueue(QUEUES.monitors, JOBS.monitorAlert, {
          ...alert,
          action: speed.transition === 'slow' ? 'trigger' : 'resolve',
          condition: 'slow',
          latencyMs: outcome.latencyMs,
          thresholdMs: current.responseTimeThresholdMs,
        } satisfies MonitorAlertJob);
      }
    });
  }

  /** The check itself; never throws (a failure to check is a failed check). */
  private async check(row: MonitorEntity): Promise<CheckRun> {
    if (row.kind === 'push') {
      const last = lastPushAt(row.checkState);
      const age = last ? Date.now() - last.getTime() : null;
      if (age !== null && age <= row.intervalSeconds * 1000) {
        return { up: true, latencyMs: null, message: `Last push ${Math.round(age / 1000)} s ago` };
      }
      const since = age === null ? 'it was created' : `${Math.round(age / 1000)} s`;
      return {
        up: false,
        latencyMs: null,
        message: `No push since ${since} (expected every ${row.intervalSeconds} s)`,
      };
    }
    const started = performance.now();
    try {
      const target = { ...row.target };
      if (row.secret) {
        const secret = this.box.decrypt(row.secret, secretContext(row.id));
        if (row.kind === 'postgres') target['connectionString'] = secret;
        if (row.kind === 'redis') target['url'] = secret;
      }
      return await runCheck(row.kind, target, {
        timeoutMs: row.timeoutSeconds * 1000,
        state: row.checkState,
      });
    } catch (error) {
      this.logger.warn(`Monitor ${row.id} could not be checked: ${String(error)}`);
      return {
        up: false,
        latencyMs: Math.round(performance.now() - started),
        message: `Could not check: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }
}
