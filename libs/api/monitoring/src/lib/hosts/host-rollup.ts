import { AppConfig, UnitOfWork } from '@hyperion/api/core';
import { Injectable } from '@nestjs/common';

import { HostSampleRepository, RollupLevel, SampleTable } from './host-sample.repository';

/** Samples are written within seconds of being taken: a minute is rolled up this long after it ends. */
export const ROLLUP_GRACE_MS = 30_000;
/** Buckets rolled up per statement, and statements per run (a run catching up stays bounded). */
const BATCH: Record<RollupLevel, { spanMs: number; perRun: number }> = {
  minute: { spanMs: 60 * 60_000, perRun: 24 },
  hour: { spanMs: 24 * 3_600_000, perRun: 10 },
};
/** Rows deleted per statement, and statements per table and run. */
const PRUNE_BATCH = 5000;
const PRUNE_BATCHES = 20;

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const floorTo = (at: number, unitMs: number) => new Date(Math.floor(at / unitMs) * unitMs);

/** Every organisation at once: the roll-ups and retention read and write across them. */
const PLATFORM = { organizationId: null, platform: true, independent: true } as const;

/**
 * The leader's upkeep of host samples: 1-minute roll-ups of raw samples, 1-hour roll-ups of
 * those, and retention (raw HOST_RAW_RETENTION_HOURS, 1-minute HOST_MINUTE_RETENTION_DAYS,
 * 1-hour HOST_HOUR_RETENTION_DAYS), each in bounded statements.
 */
@Injectable()
export class HostRollup {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly samples: HostSampleRepository,
    private readonly config: AppConfig,
  ) {}

  /**
   * Rolls up every complete minute not rolled up yet (from the first sample after the last
   * minute rolled), then every complete hour of those minutes. Answers the buckets written.
   */
  async rollUp(now = new Date()): Promise<{ minutes: number; hours: number }> {
    const minuteEnd = floorTo(now.getTime() - ROLLUP_GRACE_MS, MINUTE_MS);
    const minutes = await this.catchUp('minute', minuteEnd);
    // Only hours whose minutes are all rolled up (a long catch-up spans several runs).
    const unrolled = await this.uow.run(() => this.samples.nextRollupStart('minute'), PLATFORM);
    const rolledTo = unrolled && unrolled < minuteEnd ? unrolled : minuteEnd;
    const hours = await this.catchUp('hour', floorTo(rolledTo.getTime(), HOUR_MS));
    return { minutes, hours };
  }

  /** Rolls [from, to) of one level up (idempotent: a bucket rolled again is replaced). */
  rollUpRange(level: RollupLevel, from: Date, to: Date): Promise<number> {
    return this.uow.run(() => this.samples.rollUp(level, from, to), PLATFORM);
  }

  /** Deletes what is past retention, in bounded batches; answers the rows deleted per table. */
  async prune(now = new Date()): Promise<Record<SampleTable, number>> {
    const day = 24 * HOUR_MS;
    const cutoffs: Record<SampleTable, Date> = {
      host_sample: new Date(now.getTime() - this.config.hostRawRetentionHours * HOUR_MS),
      host_sample_minute: new Date(now.getTime() - this.config.hostMinuteRetentionDays * day),
      host_sample_hour: new Date(now.getTime() - this.config.hostHourRetentionDays * day),
    };
    const removed = { host_sample: 0, host_sample_minute: 0, host_sample_hour: 0 };
    for (const table of Object.keys(cutoffs) as SampleTable[]) {
      for (let i = 0; i < PRUNE_BATCHES; i++) {
        const n = await this.uow.run(
          () => this.samples.prune(table, cutoffs[table], PRUNE_BATCH),
          PLATFORM,
        );
        removed[table] += n;
        if (n < PRUNE_BATCH) break;
      }
    }
    return removed;
  }

  private async catchUp(level: RollupLevel, end: Date): Promise<number> {
    const { spanMs, perRun } = BATCH[level];
    let written = 0;
    for (let i = 0; i < perRun; i++) {
      const from = await this.uow.run(() => this.samples.nextRollupStart(level), PLATFORM);
      if (!from || from >= end) break;
      written += await this.rollUpRange(
        level,
        from,
        new Date(Math.min(from.getTime() + spanMs, end.getTime())),
      );
    }
    return written;
  }
}
