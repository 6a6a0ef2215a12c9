import { SecretBox, UnitOfWork } from '@hyperion/api/core';
import { JOBS, QUEUES } from '@hyperion/contracts';
import { ConflictException, Injectable, Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';

import { runCheck, type CheckRun } from '../checks';
import { MonitorEntity } from '../entities/monitor.entity';
import { secretContext } from '../monitor-target';
import { MonitorRepository } from '../monitor.repository';
import { foldCheck } from './monitor-verdict';

/** JOBS.monitorAlert: the alert a monitor's DOWN raises, or its UP resolves. */
export interface MonitorAlertJob {
  monitorId: string;
  action: 'trigger' | 'resolve';
  name: string;
  kind: string;
  serviceId: string | null;
  message: string;
  organizationId?: string;
  correlationId?: string;
}

/** The dedup key of a monitor's alert: one alert per monitor, however often it goes down. */
export const monitorAlertKey = (monitorId: string) => `monitor:${monitorId}`;

/** When a push monitor last heard from its job (kept in its check state), or null. */
export function lastPushAt(state: Record<string, unknown> | null): Date | null {
  const at = state?.['lastPushAt'];
  return typeof at === 'string' ? new Date(at) : null;
}

/**
 * One check of one monitor, start to end: take its lease (no other run of it anywhere), run the
 * check outside any transaction, then in one unit of work record the result and the new
 * standing, and on a transition queue the alert (raised on DOWN, resolved on UP) through the
 * outbox, so a crash after the commit still sends it and nothing sends it twice.
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
        `SELECT "state", "failures", "retries", "enabled", "check_state" AS "checkState"
           FROM "monitor" WHERE "id" = $1 FOR UPDATE`,
        [monitorId],
      )) as Pick<MonitorEntity, 'state' | 'failures' | 'retries' | 'enabled' | 'checkState'>[];
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
      await this.repository.record(claimed, {
        checkedAt: new Date(),
        up: outcome.up,
        latencyMs: outcome.latencyMs,
        message: outcome.message,
        state: verdict.state,
        failures: verdict.failures,
        stateChanged: verdict.state !== current.state,
        checkState: outcome.state,
      });
      if (verdict.transition) {
        await tx.enqueue(QUEUES.monitors, JOBS.monitorAlert, {
          monitorId,
          action: verdict.transition === 'down' ? 'trigger' : 'resolve',
          name: claimed.name,
          kind: claimed.kind,
          serviceId: claimed.serviceId,
          message: outcome.message,
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
