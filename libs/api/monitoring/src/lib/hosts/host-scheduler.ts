import { LeaderLease, LeaderLoop, UnitOfWork } from '@hyperion/api/core';
import { JOBS, QUEUES } from '@hyperion/contracts';
import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bull';

import { HostRepository } from '../host.repository';
import { HostRollup } from './host-rollup';

/** How often the leader looks for due samples. */
export const HOST_TICK_MS = 1000;
/** Due samples queued per tick at most (the rest wait for the next tick, oldest first). */
const DUE_PER_TICK = 2000;
/** How often the leader rolls samples up, and prunes them. */
const ROLLUP_EVERY_MS = 60_000;
const PRUNE_EVERY_MS = 60 * 60_000;

/** JOBS.hostSample. */
export interface HostSampleJob {
  hostId: string;
  dueAt: number;
  organizationId: string;
}

/**
 * Turns due hosts into sample jobs: every second, one instance (the lease's holder) reads the
 * hosts whose next sample is due, across organisations, and queues one Bull job per due sample
 * (job id `sample:<host>:<due time>`, so a tick that sees it again queues nothing). The job
 * takes the host's lease before it samples, so a host is never sampled twice at once, whatever
 * the queue does. Another leased loop rolls samples up every minute and prunes them hourly.
 */
@Injectable()
export class HostScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Hosts');
  private loops: LeaderLoop[] = [];
  private pruned = 0;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: HostRepository,
    private readonly rollup: HostRollup,
    private readonly lease: LeaderLease,
    @InjectQueue(QUEUES.hosts) private readonly queue: Queue,
  ) {}

  onApplicationBootstrap(): void {
    this.loops = [
      this.lease.runWhileLeader('host-scheduler', HOST_TICK_MS, () => this.tick()),
      this.lease.runWhileLeader('host-rollup', ROLLUP_EVERY_MS, () => this.upkeep()),
    ];
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.loops.map((loop) => loop.stop()));
  }

  /** Queues the due samples; answers how many. */
  async tick(): Promise<number> {
    const due = await this.uow.run(() => this.repository.due(DUE_PER_TICK), {
      organizationId: null,
      platform: true,
      independent: true,
    });
    if (due.length > 0) {
      await this.queue.addBulk(
        due.map((d) => ({
          name: JOBS.hostSample,
          data: {
            hostId: d.id,
            dueAt: d.dueAt.getTime(),
            organizationId: d.organizationId,
          } satisfies HostSampleJob,
          opts: {
            jobId: `sample:${d.id}:${d.dueAt.getTime()}`,
            removeOnComplete: true,
            removeOnFail: true,
          },
        })),
      );
    }
    return due.length;
  }

  /** Roll-ups every run, retention once an hour. */
  private async upkeep(): Promise<void> {
    await this.rollup.rollUp();
    if (Date.now() - this.pruned > PRUNE_EVERY_MS) {
      this.pruned = Date.now();
      const removed = await this.rollup.prune();
      const total = Object.values(removed).reduce((a, b) => a + b, 0);
      if (total > 0) this.logger.log(`Removed ${total} host samples past retention`);
    }
  }
}
