import type { ServerEventName, ServerEventPayload } from '@hyperion/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import { Actor } from '../auth/actor';
import { RequestContext } from '../context/request-context';
import { OutboxRelay } from '../outbox/outbox-relay.service';
import { EventScope, OutboxPayload } from '../outbox/outbox-types';
import { AuditInput, insertAuditRow } from './audit-writer';

export interface UnitOfWorkOptions {
  /** The organisation rows belong to; defaults to the request context's. */
  organizationId?: string | null;
  /**
   * Instance-level work that reads across organisations where a table's policy allows it
   * (instance-level audit rows, the outbox relay). Never for a request's domain data.
   */
  platform?: boolean;
  /**
   * Values of `hyperion_lookup(name)` for this transaction: the few policies that let a row be
   * found before its organisation is known (an API key by its prefix, a refresh token by its
   * hash).
   */
  lookups?: Record<string, string>;
  /** A transaction of its own even inside another one (records that must survive a rollback). */
  independent?: boolean;
  /** The user whose own rows (memberships, sessions) are visible; defaults to the context's user actor. */
  userId?: string | null;
}

/**
 * The transaction of one command: its writes, its audit rows and its outbox rows commit or roll
 * back together. Repositories reach it through `UnitOfWork.manager`.
 */
export class Tx {
  private readonly committed: (() => void | Promise<void>)[] = [];
  private outboxRows = 0;

  constructor(
    readonly manager: EntityManager,
    readonly organizationId: string | null,
    private readonly actor: Actor | null,
  ) {}

  /** An audit row in this transaction (defaults: the context's actor, this organisation). */
  async audit(input: AuditInput): Promise<void> {
    await insertAuditRow(
      this.manager,
      {
        ...input,
        actor: input.actor === undefined ? this.actor : input.actor,
        organizationId:
          input.organizationId === undefined ? this.organizationId : input.organizationId,
      },
      RequestContext.meta(),
    );
  }

  /** A live event, published after commit (never for a change that rolled back). */
  async emit<E extends ServerEventName>(
    event: E,
    payload: ServerEventPayload<E>,
    scope: EventScope = this.organizationId ? { organizationId: this.organizationId } : 'instance',
  ): Promise<void> {
    await this.addOutbox('event', { event, payload, scope });
  }

  /**
   * A Bull job, queued after commit (jobId `outbox:<id>`: queued once even if relayed twice).
   * With `runAt`, Bull holds it until then (a delayed job, kept in Redis across restarts).
   */
  async enqueue(
    queue: string,
    name: string,
    data: Record<string, unknown>,
    options: { runAt?: Date } = {},
  ): Promise<void> {
    await this.addOutbox('job', {
      queue,
      name,
      data,
      ...(options.runAt ? { runAt: options.runAt.getTime() } : {}),
    });
  }

  /**
   * Serialises this transaction with any other taking the same key, until commit or rollback
   * (invariants a race could break: the last administrator, counters ...).
   */
  async lock(key: string): Promise<void> {
    await this.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
  }

  /** Runs after a successful commit (cache invalidation, waking the relay ...). */
  afterCommit(fn: () => void | Promise<void>): void {
    this.committed.push(fn);
  }

  /** @internal */
  get wroteOutbox(): boolean {
    return this.outboxRows > 0;
  }

  /** @internal */
  async runAfterCommit(logger: Logger): Promise<void> {
    for (const fn of this.committed) {
      try {
        await fn();
      } catch (error) {
        logger.error(`After-commit step failed: ${String(error)}`);
      }
    }
  }

  private async addOutbox(kind: 'event' | 'job', payload: OutboxPayload): Promise<void> {
    await this.manager.query(
      `INSERT INTO "outbox" ("organization_id", "kind", "payload", "correlation_id")
       VALUES ($1, $2, $3, $4)`,
      [this.organizationId, kind, JSON.stringify(payload), RequestContext.meta().correlationId],
    );
    this.outboxRows++;
  }
}

/**
 * Opens units of work. Each starts by setting the transaction-local values the row-level
 * security policies read (organisation, user, platform scope, lookups), so a query can only
 * ever see the rows of the organisation in the request context.
 */
@Injectable()
export class UnitOfWork {
  private readonly logger = new Logger('UnitOfWork');
  private readonly open = new WeakMap<EntityManager, Tx>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
  ) {}

  /**
   * Runs `fn` in a transaction. Inside another unit of work of the same scope it joins it
   * (unless `independent`); the after-commit steps then wait for the outer commit.
   */
  async run<T>(fn: (tx: Tx) => Promise<T>, options: UnitOfWorkOptions = {}): Promise<T> {
    const context = RequestContext.current();
    const organizationId =
      options.organizationId === undefined
        ? (context?.organizationId ?? null)
        : options.organizationId;
    const platform = options.platform ?? false;
    const outer = context?.transaction;
    if (outer && !options.independent && !options.lookups && options.userId === undefined) {
      if (outer.organizationId !== organizationId || outer.platform !== platform) {
        throw new Error('A unit of work cannot join one of another organisation or scope');
      }
      const tx = this.open.get(outer.manager);
      if (tx) return fn(tx);
    }

    const actor = context?.actor ?? null;
    const userId =
      options.userId !== undefined ? options.userId : actor?.type === 'user' ? actor.id : null;
    let tx: Tx | undefined;
    const result = await RequestContext.fork({ organizationId }, () =>
      this.dataSource.transaction(async (manager) => {
        await manager.query(
          `SELECT set_config('hyperion.organization_id', $1, true),
                  set_config('hyperion.user_id', $2, true),
                  set_config('hyperion.platform', $3, true)`,
          [organizationId ?? '', userId ?? '', platform ? 'on' : ''],
        );
        for (const [name, value] of Object.entries(options.lookups ?? {})) {
          await manager.query(`SELECT set_config($1, $2, true)`, [
            `hyperion.lookup_${name}`,
            value,
          ]);
        }
        tx = new Tx(manager, organizationId, actor);
        this.open.set(manager, tx);
        const state = RequestContext.require();
        state.transaction = { manager, organizationId, platform };
        try {
          return await fn(tx);
        } finally {
          state.transaction = undefined;
        }
      }),
    );
    if (tx) {
      if (tx.wroteOutbox) this.relay.kick();
      await tx.runAfterCommit(this.logger);
    }
    return result;
  }

  /** The EntityManager of the current unit of work; repositories call this. */
  get manager(): EntityManager {
    const open = RequestContext.current()?.transaction;
    if (!open) {
      throw new Error('No unit of work: wrap this call in UnitOfWork.run');
    }
    return open.manager;
  }

  /** The organisation of the current unit of work (for inserts); throws when there is none. */
  get organizationId(): string {
    const id = RequestContext.current()?.transaction?.organizationId;
    if (!id) throw new Error('No organisation in this unit of work');
    return id;
  }
}
