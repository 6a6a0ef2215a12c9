import { getQueueToken } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';

import { RequestContext } from '../context/request-context';
import { OutboxDispatcher, OutboxEvent, OutboxJob, OutboxMessage } from './outbox-types';

const BATCH = 100;
const SWEEP_EVERY_MS = 1000;
/** A row that failed this often (about a minute of retries) is dropped with an error log. */
const MAX_ATTEMPTS = 60;

interface OutboxRow {
  id: string;
  organization_id: string | null;
  kind: 'event' | 'job';
  payload: OutboxEvent | OutboxJob;
  correlation_id: string | null;
  attempts: number;
}

/**
 * Sends what committed units of work left in the outbox: live events (to the realtime
 * dispatcher) and Bull jobs. Woken right after a commit, and sweeping every second for rows a
 * crash left behind. Rows are claimed with `FOR UPDATE SKIP LOCKED`, so with several instances
 * each row is relayed by one of them; a row is deleted once sent, kept (and retried) otherwise.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Outbox');
  private eventDispatcher?: OutboxDispatcher<OutboxEvent>;
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private stopped = false;
  private failing = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** The realtime module registers how live events are published. */
  onEvent(dispatcher: OutboxDispatcher<OutboxEvent>): void {
    this.eventDispatcher = dispatcher;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.draining?.catch(() => undefined);
  }

  /** Drains soon; calls while a drain runs make it go round once more. */
  kick(): void {
    if (this.stopped || !this.dataSource.isInitialized) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drainAll().finally(() => (this.draining = undefined));
  }

  /** Relays until the outbox is empty (tests await this). */
  async flush(): Promise<void> {
    await this.draining;
    await this.drainAll();
  }

  private async drainAll(): Promise<void> {
    do {
      this.again = false;
      try {
        while ((await this.drainBatch()) === BATCH && !this.stopped);
        if (this.failing) {
          this.failing = false;
          this.logger.log('Outbox relay works again');
        }
      } catch (error) {
        if (!this.failing) {
          this.failing = true;
          this.logger.warn(`Outbox relay paused: ${String(error)}`);
        }
        return;
      }
    } while (this.again && !this.stopped);
  }

  private drainBatch(): Promise<number> {
    return RequestContext.run({}, () =>
      this.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT set_config('hyperion.platform', 'on', true)`);
        const rows: OutboxRow[] = await manager.query(
          `SELECT "id"::text, "organization_id", "kind", "payload", "correlation_id", "attempts"
             FROM "outbox" ORDER BY "id" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
        );
        const sent: string[] = [];
        for (const row of rows) {
          try {
            await this.dispatch(row);
            sent.push(row.id);
          } catch (error) {
            if (row.attempts + 1 >= MAX_ATTEMPTS) {
              this.logger.error(
                `Dropping outbox row ${row.id} (${row.kind}, correlationId=${row.correlation_id}) after ${MAX_ATTEMPTS} failed attempts: ${String(error)}`,
              );
              sent.push(row.id);
              continue;
            }
            await manager.query(
              `UPDATE "outbox" SET "attempts" = "attempts" + 1, "last_error" = $2 WHERE "id" = $1`,
              [row.id, String(error).slice(0, 512)],
            );
          }
        }
        if (sent.length > 0) {
          await manager.query(`DELETE FROM "outbox" WHERE "id" = ANY($1::bigint[])`, [sent]);
        }
        return rows.length;
      }),
    );
  }

  private async dispatch(row: OutboxRow): Promise<void> {
    const message: OutboxMessage = {
      id: row.id,
      organizationId: row.organization_id,
      correlationId: row.correlation_id,
      payload: row.payload,
    };
    if (row.kind === 'event') {
      if (!this.eventDispatcher) throw new Error('No realtime dispatcher registered');
      await this.eventDispatcher(message as OutboxMessage<OutboxEvent>);
      return;
    }
    const job = row.payload as OutboxJob;
    const queue = this.moduleRef.get<Queue>(getQueueToken(job.queue), { strict: false });
    await queue.add(
      job.name,
      { ...job.data, organizationId: row.organization_id, correlationId: row.correlation_id },
      {
        jobId: `outbox:${row.id}`,
        attempts: 10,
        backoff: { type: 'exponential', delay: 1000 },
        ...(job.runAt !== undefined ? { delay: Math.max(0, job.runAt - Date.now()) } : {}),
      },
    );
  }
}
