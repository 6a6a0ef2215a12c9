import { RequestContext, Tx, UnitOfWork } from '@hyperion/api/core';
import { JOBS, QUEUES, type HostSample } from '@hyperion/contracts';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';

import { foldCheck } from '../checking/monitor-verdict';
import { HostEntity } from '../entities/host.entity';
import { HostAlertJob, thresholdSummary } from './host-alert';
import type { Counters, HostReading } from './host-counters';
import { HostLive } from './host-live';
import { HostSampleRepository, SampleRow } from './host-sample.repository';
import { foldThresholds, readThresholdState, ThresholdReading } from './host-thresholds';

/** A host is DOWN after this many failed samples in a row (one failure may be a blip). */
export const HOST_DOWN_AFTER_FAILURES = 2;
/** At most this many samples go in one write; the rest wait for the next. */
const BATCH_MAX = 500;

/** What one sampling of a host gave. */
export interface SampleOutcome {
  /** The host as claimed (its name, thresholds and settings when the sample began). */
  host: HostEntity;
  at: Date;
  /** Null when the host did not answer, or answered a first scrape (rates need two). */
  reading: HostReading | null;
  /** Why sampling failed; null when the host answered. */
  error: string | null;
  /** The counters the next scrape's rates come from (node_exporter); undefined keeps them. */
  collectorState?: Counters;
}

interface Pending {
  outcome: SampleOutcome;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** The columns of the host table one sample changes. */
interface HostUpdate {
  id: string;
  state: HostEntity['state'];
  failures: number;
  state_changed: boolean;
  at: string;
  last_sample_at: string | null;
  last_error: string | null;
  keep_collector_state: boolean;
  collector_state: Counters | null;
  threshold_state: unknown;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The figures of a reading the columns, the thresholds and the host list use. */
export function figuresOf(reading: HostReading) {
  const worst = reading.storage.reduce<HostReading['storage'][number] | null>(
    (w, s) => (!w || s.usedPercent > w.usedPercent ? s : w),
    null,
  );
  const memory = reading.memory;
  return {
    cpuPercent: reading.cpu.totalPercent,
    memoryPercent: memory.totalBytes > 0 ? round2((memory.usedBytes / memory.totalBytes) * 100) : 0,
    diskPercent: worst?.usedPercent ?? null,
    worstMount: worst?.mount ?? null,
    rxBytesPerSecond: round2(reading.network.reduce((sum, n) => sum + n.rxBytesPerSecond, 0)),
    txBytesPerSecond: round2(reading.network.reduce((sum, n) => sum + n.txBytesPerSecond, 0)),
  };
}

/**
 * Writes samples in batches: the samples that finish together (a tick's due hosts) are stored
 * with one multi-row INSERT and one UPDATE of their hosts per organisation, in one transaction
 * with the alerts they raise or resolve (queued through the outbox, so a crash after the commit
 * still sends them and nothing sends them twice). Each host's new standing is folded from its
 * row as locked in that transaction (a host paused or deleted meanwhile is left alone). Stored
 * samples go to the live consoles after the commit. `submit` resolves once its sample is stored.
 */
@Injectable()
export class HostSampleWriter implements OnModuleDestroy {
  private readonly logger = new Logger('Hosts');
  private pending: Pending[] = [];
  /** The write under way (one at a time: a host's next sample never overtakes its previous one). */
  private writing: Promise<void> | null = null;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly samples: HostSampleRepository,
    private readonly live: HostLive,
  ) {}

  /**
   * Group commit: a sample that finds no write under way is written at once (after the samples
   * finishing in the same turn of the event loop join it), so a console sees it within
   * milliseconds; samples finishing while a write runs are written together by the next one.
   */
  submit(outcome: SampleOutcome): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ outcome, resolve, reject });
      if (!this.writing)
        this.writing = new Promise((started) => setImmediate(started)).then(() => this.drain());
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.writing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, BATCH_MAX);
        await this.write(batch);
      }
    } finally {
      this.writing = null;
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    const byOrganization = new Map<string, Pending[]>();
    for (const p of batch) {
      const list = byOrganization.get(p.outcome.host.organizationId) ?? [];
      list.push(p);
      byOrganization.set(p.outcome.host.organizationId, list);
    }
    for (const [organizationId, list] of byOrganization) {
      try {
        await RequestContext.forJob({ organizationId }, () =>
          this.uow.run((tx) =>
            this.store(
              tx,
              organizationId,
              list.map((p) => p.outcome),
            ),
          ),
        );
        for (const p of list) p.resolve();
      } catch (error) {
        this.logger.error(`Could not store ${list.length} host samples: ${String(error)}`);
        for (const p of list) p.reject(error);
      }
    }
  }

  private async store(tx: Tx, organizationId: string, outcomes: SampleOutcome[]): Promise<void> {
    const current = (await tx.manager.query(
      `SELECT "id", "enabled", "state", "failures", "threshold_state" AS "thresholdState",
              "cpu_threshold" AS "cpuThreshold", "memory_threshold" AS "memoryThreshold",
              "disk_threshold" AS "diskThreshold", "threshold_seconds" AS "thresholdSeconds"
         FROM "host" WHERE "id" = ANY($1) ORDER BY "id" FOR UPDATE`,
      [outcomes.map((o) => o.host.id)],
    )) as Pick<
      HostEntity,
      | 'id'
      | 'enabled'
      | 'state'
      | 'failures'
      | 'thresholdState'
      | 'cpuThreshold'
      | 'memoryThreshold'
      | 'diskThreshold'
      | 'thresholdSeconds'
    >[];
    const byId = new Map(current.map((row) => [row.id, row]));
    const rows: SampleRow[] = [];
    const updates: HostUpdate[] = [];
    const alerts: HostAlertJob[] = [];
    const published: HostSample[] = [];

    for (const outcome of outcomes) {
      const row = byId.get(outcome.host.id);
      // Deleted while it was sampled; or paused (its lease is released, nothing else changes).
      if (!row) continue;
      if (!row.enabled) {
        await tx.manager.query(`UPDATE "host" SET "running_until" = NULL WHERE "id" = $1`, [
          row.id,
        ]);
        continue;
      }
      const name = outcome.host.name;
      const verdict = foldCheck(
        { state: row.state, failures: row.failures, retries: HOST_DOWN_AFTER_FAILURES - 1 },
        outcome.error === null,
      );
      if (verdict.transition) {
        alerts.push({
          hostId: row.id,
          hostName: name,
          condition: 'down',
          action: verdict.transition === 'down' ? 'trigger' : 'resolve',
          summary:
            verdict.transition === 'down'
              ? `${name} is DOWN: ${outcome.error ?? 'no answer'}`
              : `${name} answers again`,
        });
      }

      const figures = outcome.reading ? figuresOf(outcome.reading) : null;
      let thresholdState: unknown = row.thresholdState;
      // A first scrape answered without figures: the thresholds have nothing new to go on.
      if (figures || outcome.error !== null) {
        const reading: ThresholdReading | null = figures
          ? { cpu: figures.cpuPercent, memory: figures.memoryPercent, disk: figures.diskPercent }
          : null;
        const folded = foldThresholds(
          readThresholdState(row.thresholdState),
          {
            cpu: row.cpuThreshold,
            memory: row.memoryThreshold,
            disk: row.diskThreshold,
            forSeconds: row.thresholdSeconds,
          },
          reading,
          outcome.at,
        );
        thresholdState = folded.state;
        for (const change of folded.changes) {
          alerts.push({
            hostId: row.id,
            hostName: name,
            condition: change.condition,
            action: change.action,
            summary: thresholdSummary(
              name,
              change,
              row.thresholdSeconds,
              figures?.worstMount ?? null,
            ),
          });
        }
      }

      if (outcome.reading && figures) {
        rows.push({
          organizationId,
          hostId: row.id,
          at: outcome.at,
          cpuPercent: figures.cpuPercent,
          memoryPercent: figures.memoryPercent,
          diskPercent: figures.diskPercent,
          load1: outcome.reading.cpu.load1,
          rxBytesPerSecond: figures.rxBytesPerSecond,
          txBytesPerSecond: figures.txBytesPerSecond,
          detail: outcome.reading,
        });
        published.push({ hostId: row.id, at: outcome.at.toISOString(), ...outcome.reading });
      }
      updates.push({
        id: row.id,
        state: verdict.state,
        failures: verdict.failures,
        state_changed: verdict.state !== row.state,
        at: outcome.at.toISOString(),
        last_sample_at: outcome.reading ? outcome.at.toISOString() : null,
        last_error: outcome.error?.slice(0, 500) ?? null,
        keep_collector_state: outcome.collectorState === undefined,
        collector_state: outcome.collectorState ?? null,
        threshold_state: thresholdState,
      });
    }

    await this.samples.insert(rows);
    if (updates.length > 0) {
      await tx.manager.query(
        `UPDATE "host" h
            SET "state" = v."state", "failures" = v."failures",
                "state_changed_at" = CASE WHEN v."state_changed" THEN v."at" ELSE h."state_changed_at" END,
                "last_sample_at" = coalesce(v."last_sample_at", h."last_sample_at"),
                "last_error" = v."last_error",
                "collector_state" = CASE WHEN v."keep_collector_state" THEN h."collector_state"
                                         ELSE v."collector_state" END,
                "threshold_state" = v."threshold_state",
                "running_until" = NULL
           FROM jsonb_to_recordset($1::jsonb) AS v("id" uuid, "state" varchar, "failures" int,
                "state_changed" boolean, "at" timestamptz, "last_sample_at" timestamptz,
                "last_error" varchar, "keep_collector_state" boolean, "collector_state" jsonb,
                "threshold_state" jsonb)
          WHERE h."id" = v."id"`,
        [JSON.stringify(updates)],
      );
    }
    for (const alert of alerts) {
      await tx.enqueue(QUEUES.hosts, JOBS.hostAlert, { ...alert });
    }
    tx.afterCommit(() => {
      for (const sample of published) this.live.publish(organizationId, sample);
    });
  }
}
