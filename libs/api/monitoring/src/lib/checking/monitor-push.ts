import { UnitOfWork } from '@hyperion/api/core';
import { JOBS, QUEUES } from '@hyperion/contracts';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';

import { MonitorEntity } from '../entities/monitor.entity';
import { MonitorRepository } from '../monitor.repository';
import { lastPushAt, type MonitorAlertJob } from './monitor-check-runner';
import { foldCheck, foldSlow } from './monitor-verdict';

/** Pushes closer together than this count once (a chatty job cannot flood the results). */
const MIN_PUSH_GAP_MS = 1000;

/**
 * A push monitor's heartbeat: the token in the URL is the credential (found before the
 * organisation is known, through its own lookup). Each push is an UP result, moves the monitor's
 * next verdict one interval on, and brings a DOWN monitor back UP (its alert resolved).
 */
@Injectable()
export class MonitorPush {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: MonitorRepository,
  ) {}

  async push(token: string, message: string | undefined): Promise<void> {
    const found = /^[A-Za-z0-9_-]{16,64}$/.test(token)
      ? await this.uow.run(
          async () => {
            const row = await this.repository.findByPushToken(token);
            return row ? { id: row.id, organizationId: row.organizationId } : null;
          },
          { organizationId: null, lookups: { monitor_push_token: token }, independent: true },
        )
      : null;
    if (!found) throw new NotFoundException('No push monitor has this token');
    await this.uow.run(
      async (tx) => {
        const [row] = (await tx.manager.query(
          `SELECT "id" FROM "monitor" WHERE "id" = $1 FOR UPDATE`,
          [found.id],
        )) as { id: string }[];
        const monitor = row ? await this.repository.findById(row.id) : null;
        if (!monitor || monitor.kind !== 'push') {
          throw new NotFoundException('No push monitor has this token');
        }
        if (!monitor.enabled) throw new ConflictException('This monitor is paused');
        const now = new Date();
        const last = lastPushAt(monitor.checkState);
        if (last && now.getTime() - last.getTime() < MIN_PUSH_GAP_MS) return;
        await this.record(tx, monitor, now, message);
      },
      { organizationId: found.organizationId },
    );
  }

  private async record(
    tx: Parameters<Parameters<UnitOfWork['run']>[0]>[0],
    monitor: MonitorEntity,
    now: Date,
    message: string | undefined,
  ): Promise<void> {
    const verdict = foldCheck(monitor, true);
    // A push measures no response time (push monitors take no threshold): never slow.
    const speed = foldSlow(monitor, { up: true, latencyMs: null });
    const text = message ? `Push received: ${message.slice(0, 200)}` : 'Push received';
    await this.repository.record(monitor, {
      checkedAt: now,
      up: true,
      latencyMs: null,
      message: text,
      state: verdict.state,
      failures: verdict.failures,
      stateChanged: verdict.state !== monitor.state,
      checkState: { lastPushAt: now.toISOString() },
      slowChecks: speed.slowChecks,
      slow: speed.slow,
    });
    await this.repository.pushed(monitor);
    if (verdict.transition === 'up') {
      await tx.enqueue(QUEUES.monitors, JOBS.monitorAlert, {
        monitorId: monitor.id,
        action: 'resolve',
        name: monitor.name,
        kind: monitor.kind,
        serviceId: monitor.serviceId,
        message: text,
      } satisfies MonitorAlertJob);
    }
  }
}
