import { LeaderLease, LeaderLoop, UnitOfWork } from '@hyperion/api/core';
import { JOBS, QUEUES } from '@hyperion/contracts';
import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bull';

import { MonitorRepository } from '../monitor.repository';

/** How often the leader looks for due checks. */
export const MONITOR_TICK_MS = 1000;
/** Due checks queued per tick at most (the rest wait for the next tick, oldest first). */
const DUE_PER_TICK = 2000;
/** Results are kept this long (the uptime figures go back 90 days). */
export const MONITOR_RESULT_RETENTION_DAYS = 90;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** JOBS.monitorCheck. */
export interface MonitorCheckJob {
  monitorId: string;
  dueAt: number;
  organizationId: string;
}

/**
 * Turns due monitors into check jobs: every second, one instance (the lease's holder) reads the
 * monitors whose next check is due, across organisations, and queues one Bull job per due check
 * (job id `check:<monitor>:<due time>`, so a tick that sees it again queues nothing). Bull's
 * own repeatable jobs are not used: with `every`, all monitors of one interval fire at the same
 * instant; here each keeps the spread it got when created. The job takes the monitor's lease
 * before it checks, so a check never runs twice at once, whatever the queue does.
 */
@Injectable()
export class MonitorScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Monitors');
  private loop?: LeaderLoop;
  private pruned = 0;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: MonitorRepository,
    private readonly lease: LeaderLease,
    @InjectQueue(QUEUES.monitors) private readonly queue: Queue,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.lease.runWhileLeader('monitor-scheduler', MONITOR_TICK_MS, () => this.tick());
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop?.stop();
  }

  /** Queues the due checks; answers how many. */
  async tick(): Promise<number> {
    const due = await this.uow.run(() => this.repository.due(DUE_PER_TICK), {
      organizationId: null,
      platform: true,
      independent: true,
    });
    if (due.length > 0) {
      await this.queue.addBulk(
        due.map((d) => ({
          name: JOBS.monitorCheck,
          data: {
            monitorId: d.id,
            dueAt: d.dueAt.getTime(),
            organizationId: d.organizationId,
          } satisfies MonitorCheckJob,
          opts: {
            jobId: `check:${d.id}:${d.dueAt.getTime()}`,
            removeOnComplete: true,
            removeOnFail: true,
          },
        })),
      );
    }
    if (Date.now() - this.pruned > PRUNE_EVERY_MS) {
      this.pruned = Date.now();
      const removed = await this.uow.run(
        () => this.repository.prune(MONITOR_RESULT_RETENTION_DAYS),
        { organizationId: null, platform: true, independent: true },
      );
      if (removed > 0) this.logger.log(`Removed ${removed} monitor results past retention`);
    }
    return due.length;
  }
}
