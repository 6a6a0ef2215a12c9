import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';

import { Inject, Injectable, Logger, OnModuleDestroy, Optional } from '@nestjs/common';
import type Redis from 'ioredis';

import { SharedRedis } from '../redis/shared-redis';
import { errorMessage } from '../runtime/startup-error';

/** Extends the lease only while it still holds this instance's token. */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0`;

/** Deletes the lease only while it still holds this instance's token. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0`;

export const DEFAULT_LEASE_TTL_MS = 15_000;

export interface LeaderLeaseOptions {
  /**
   * How long the lease lives in Redis without a renewal (default 15 s). A holder that dies
   * without releasing it is replaced within `ttlMs + renewEveryMs`.
   */
  ttlMs?: number;
  /** How often the holder renews, and the others try to take a free lease (default ttlMs / 3). */
  renewEveryMs?: number;
}

/** Optional provider of default `LeaderLeaseOptions` for every lease of one `LeaderLease`. */
export const LEADER_LEASE_OPTIONS = Symbol('LEADER_LEASE_OPTIONS');

/** Periodic work; a rejection is logged (once per run of failures) and the loop goes on. */
export type LeaderTask = () => unknown;

/** A running `runWhileLeader` loop. */
export interface LeaderLoop {
  readonly name: string;
  /** Stops the loop, waits for a run in progress, and releases the lease if this instance holds it. */
  stop(): Promise<void>;
}

interface Lease {
  readonly name: string;
  readonly key: string;
  readonly ttlMs: number;
  readonly renewEveryMs: number;
  readonly intervalMs: number;
  readonly task: LeaderTask;
  /** `performance.now()` until which this instance may act as the leader; 0 when it may not. */
  validUntil: number;
  /** Redis may hold our token: the last answer said so, or a command's outcome is unknown. */
  mayHoldKey: boolean;
  /** Whether "now leads" was logged (and "no longer leads" is owed). */
  leading: boolean;
  failing: boolean;
  stopped: boolean;
  timers: NodeJS.Timeout[];
  attempt?: Promise<void>;
  run?: Promise<void>;
  stopping?: Promise<void>;
}

/**
 * Makes work run on exactly one of several API instances: a lease per name, held in Redis as
 * `<REDIS_PREFIX>:lease:<name>` = this instance's token.
 *
 * - Taking: `SET key token NX PX ttl`, tried every `renewEveryMs` by every instance.
 * - Keeping: the holder renews with a Lua compare-token `PEXPIRE` every `renewEveryMs`.
 * - Giving up: `stop()` / shutdown deletes the key with a Lua compare-and-delete, so another
 *   instance takes over at its next attempt; a holder that dies is replaced once the key expires.
 *
 * Safety: an instance counts itself leader only until `ttl` (minus a drift margin) after it
 * *sent* its last successful command, which is before Redis can expire the key and let another
 * instance in. So when Redis cannot be reached, the holder steps down by itself and nobody leads
 * until Redis answers again (logged once per outage, not per attempt). Leadership is checked when
 * a run starts: keep runs shorter than the TTL, or make their effects idempotent.
 *
 * Provide it in the module that uses it (it needs CoreModule's `SharedRedis`); one instance serves
 * any number of names. Stopping happens in `onModuleDestroy`, before `SharedRedis` disconnects.
 */
@Injectable()
export class LeaderLease implements OnModuleDestroy {
  /** The value this instance stores in its leases: `<hostname>:<pid>:<uuid>`. */
  readonly token = `${hostname()}:${process.pid}:${randomUUID()}`;
  private readonly defaults: Required<LeaderLeaseOptions>;
  private readonly logger = new Logger('LeaderLease');
  private readonly leases = new Map<string, Lease>();
  private redisDown = false;

  constructor(
    private readonly redis: SharedRedis,
    @Optional() @Inject(LEADER_LEASE_OPTIONS) options: LeaderLeaseOptions = {},
  ) {
    this.defaults = timing(options);
  }

  /**
   * Competes for the lease `name` and, while this instance holds it, runs `task` every
   * `intervalMs` (and at once when it becomes the leader). Runs never overlap on one instance.
   */
  runWhileLeader(
    name: string,
    intervalMs: number,
    task: LeaderTask,
    options: LeaderLeaseOptions = {},
  ): LeaderLoop {
    if (this.leases.has(name)) {
      throw new Error(`LeaderLease: '${name}' already runs on this instance`);
    }
    if (!(intervalMs > 0)) throw new Error(`LeaderLease: interval of '${name}' must be > 0`);
    const lease: Lease = {
      name,
      key: this.redis.key('lease', name),
      ...timing(options, this.defaults),
      intervalMs,
      task,
      validUntil: 0,
      mayHoldKey: false,
      leading: false,
      failing: false,
      stopped: false,
      timers: [],
    };
    this.leases.set(name, lease);
    lease.timers = [
      setInterval(() => this.compete(lease), lease.renewEveryMs),
      setInterval(() => this.runTask(lease), intervalMs),
    ];
    for (const timer of lease.timers) timer.unref();
    this.compete(lease);
    return { name, stop: () => this.stop(name) };
  }

  /** True while this instance holds the lease `name` (and has not begun to stop it). */
  isLeader(name: string): boolean {
    const lease = this.leases.get(name);
    return lease !== undefined && this.holds(lease);
  }

  /** Stops the loop of `name` and releases its lease; a no-op for a name that does not run. */
  async stop(name: string): Promise<void> {
    const lease = this.leases.get(name);
    if (!lease) return;
    lease.stopping ??= this.release(lease);
    await lease.stopping;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.leases.keys()].map((name) => this.stop(name)));
  }

  private holds(lease: Lease): boolean {
    return !lease.stopped && performance.now() < lease.validUntil;
  }

  /** One attempt at a time per lease; an attempt still waiting on Redis skips the next. */
  private compete(lease: Lease): void {
    if (lease.stopped || lease.attempt) return;
    lease.attempt = this.attempt(lease).finally(() => (lease.attempt = undefined));
  }

  private async attempt(lease: Lease): Promise<void> {
    this.noticeLapse(lease);
    const sentAt = performance.now();
    let held: boolean;
    try {
      held = await this.claim(lease);
    } catch (error) {
      this.outage(error);
      return; // Whatever this instance held lapses by itself at validUntil.
    }
    this.reachable();
    if (lease.stopped) return;
    if (!held) {
      lease.validUntil = 0;
      this.noticeLapse(lease);
      return;
    }
    // Redis starts the TTL after we sent the command; the margin covers clock-rate drift.
    lease.validUntil = sentAt + lease.ttlMs - (Math.ceil(lease.ttlMs / 100) + 2);
    if (!lease.leading) {
      lease.leading = true;
      this.logger.log(`This instance now leads '${lease.name}'`);
      this.runTask(lease);
    }
  }

  /** Renews what this instance may hold, else tries to take a free lease: one round trip usually. */
  private async claim(lease: Lease): Promise<boolean> {
    const client = this.redis.client;
    // SharedRedis fails fast while (re)connecting: give a connection under way the time it needs
    // (start-up), rather than report an outage for it.
    await whenReady(client, lease.renewEveryMs);
    if (lease.mayHoldKey) {
      const renewed = await within(
        client.eval(RENEW, 1, lease.key, this.token, String(lease.ttlMs)),
        lease.renewEveryMs,
      );
      if (renewed === 1) return true;
      lease.mayHoldKey = false;
    }
    // Until Redis answers, the SET may have landed: a later attempt renews instead of waiting.
    lease.mayHoldKey = true;
    const taken = await within(
      client.set(lease.key, this.token, 'PX', lease.ttlMs, 'NX'),
      lease.renewEveryMs,
    );
    lease.mayHoldKey = taken === 'OK';
    return lease.mayHoldKey;
  }

  private noticeLapse(lease: Lease): void {
    if (lease.leading && !this.holds(lease)) {
      lease.leading = false;
      this.logger.log(`This instance no longer leads '${lease.name}'`);
    }
  }

  private runTask(lease: Lease): void {
    if (lease.run || !this.holds(lease)) return;
    lease.run = (async () => {
      try {
        await lease.task();
        if (lease.failing) this.logger.log(`'${lease.name}' runs again`);
        lease.failing = false;
      } catch (error) {
        if (!lease.failing) this.logger.error(`'${lease.name}' failed: ${errorMessage(error)}`);
        lease.failing = true;
      }
    })().finally(() => (lease.run = undefined));
  }

  private async release(lease: Lease): Promise<void> {
    lease.stopped = true;
    for (const timer of lease.timers) clearInterval(timer);
    await lease.attempt;
    // Let a run finish before another instance may start one (bounded by the TTL).
    await within(lease.run ?? Promise.resolve(), lease.ttlMs).catch(() => undefined);
    lease.validUntil = 0;
    this.noticeLapse(lease);
    if (lease.mayHoldKey) {
      // When Redis cannot be reached, the key expires within the TTL instead.
      await whenReady(this.redis.client, lease.renewEveryMs);
      await within(
        this.redis.client.eval(RELEASE, 1, lease.key, this.token),
        lease.renewEveryMs,
      ).catch(() => undefined);
    }
    this.leases.delete(lease.name);
  }

  private outage(error: unknown): void {
    if (this.redisDown) return;
    this.redisDown = true;
    this.logger.warn(
      `Redis unreachable (${errorMessage(error)}): this instance leads nothing until it answers again`,
    );
  }

  private reachable(): void {
    if (!this.redisDown) return;
    this.redisDown = false;
    this.logger.log('Redis reachable again: competing for leases again');
  }
}

/** The lease's timing: its own options, else `defaults`, else 15 s renewed every third of it. */
function timing(
  options: LeaderLeaseOptions,
  defaults?: Required<LeaderLeaseOptions>,
): Required<LeaderLeaseOptions> {
  const ttlMs = options.ttlMs ?? defaults?.ttlMs ?? DEFAULT_LEASE_TTL_MS;
  // A TTL of its own comes with a renewal period of its own.
  const inherited = options.ttlMs === undefined ? defaults?.renewEveryMs : undefined;
  const renewEveryMs = options.renewEveryMs ?? inherited ?? Math.max(1, Math.floor(ttlMs / 3));
  if (!(ttlMs > 0) || !(renewEveryMs > 0) || renewEveryMs >= ttlMs) {
    throw new Error(
      `LeaderLease: renewEveryMs (${renewEveryMs}) must be above 0 and below ttlMs (${ttlMs})`,
    );
  }
  return { ttlMs, renewEveryMs };
}

const CONNECTING = ['wait', 'connecting', 'connect', 'reconnecting'];

/** Resolves when `client` is ready, or after `ms` when it is still connecting. */
function whenReady(client: Redis, ms: number): Promise<void> {
  if (!CONNECTING.includes(client.status)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    client.once('ready', done);
  });
}

/** Rejects when `promise` does not settle within `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
