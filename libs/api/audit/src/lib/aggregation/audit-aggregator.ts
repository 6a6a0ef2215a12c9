import {
  Actor,
  AuditInput,
  errorMessage,
  LeaderLease,
  LeaderLoop,
  RequestContext,
  SharedRedis,
  UnitOfWork,
} from '@hyperion/api/core';
import type { AuditAction } from '@hyperion/contracts';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';

/** Repeated entries are counted per minute (UTC-aligned windows). */
export const AGGREGATION_WINDOW_MS = 60_000;
/** A window is flushed this long after it ends, so requests still in flight are counted. */
const FLUSH_GRACE_MS = 2_000;
/** How often the leader flushes the windows that ended. */
const FLUSH_EVERY_MS = 15_000;
/** Counts wait at most this long in Redis for a flush (no instance running meanwhile). */
const WINDOW_TTL_SECONDS = 7 * 24 * 3600;
/** Distinct samples (e.g. routes) named in a summary; the rest are counted as `otherTargets`. */
const MAX_SAMPLES = 20;
const FLUSH_PAGE = 100;

export const AUDIT_AGGREGATION_LEASE = 'audit-aggregation';

/** Counts one occurrence; returns the count of its window so far (1: the first). */
const COUNT = `
local n = redis.call('HINCRBY', KEYS[1], 'count', 1)
if n == 1 then
  redis.call('HSET', KEYS[1], 'first', ARGV[3])
  redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
  redis.call('ZADD', KEYS[2], tonumber(ARGV[1]), KEYS[1])
elseif ARGV[4] ~= '' then
  local field = 's:' .. ARGV[4]
  if redis.call('HEXISTS', KEYS[1], field) == 1 then
    redis.call('HINCRBY', KEYS[1], field, 1)
  elseif tonumber(redis.call('HINCRBY', KEYS[1], 'samples', 0)) < tonumber(ARGV[5]) then
    redis.call('HINCRBY', KEYS[1], 'samples', 1)
    redis.call('HSET', KEYS[1], field, 1)
  else
    redis.call('HINCRBY', KEYS[1], 'other', 1)
  end
end
return n`;

/** Takes a window out of Redis (once: whoever removes it from the pending set gets it). */
const CLAIM = `
if redis.call('ZREM', KEYS[1], KEYS[2]) == 0 then return false end
local data = redis.call('HGETALL', KEYS[2])
redis.call('DEL', KEYS[2])
return data`;

/**
 * Puts back a claimed window whose summary could not be written. ARGV: due, ttl, first JSON,
 * count, other, then sample field/count pairs. If the window was started again meanwhile (its
 * first entry then written as a row of its own), the unwritten occurrences are added to it.
 */
const RESTORE = `
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('HINCRBY', KEYS[2], 'count', tonumber(ARGV[4]) - 1)
else
  redis.call('HINCRBY', KEYS[2], 'count', tonumber(ARGV[4]))
  redis.call('HSET', KEYS[2], 'first', ARGV[3])
  redis.call('EXPIRE', KEYS[2], tonumber(ARGV[2]))
end
redis.call('HINCRBY', KEYS[2], 'other', tonumber(ARGV[5]))
for i = 6, #ARGV, 2 do
  redis.call('HINCRBY', KEYS[2], ARGV[i], tonumber(ARGV[i + 1]))
end
redis.call('ZADD', KEYS[1], tonumber(ARGV[1]), KEYS[2])
return 1`;

/** What a window remembers of its first occurrence, to write the summary row like it. */
interface FirstOccurrence {
  action: AuditAction;
  organizationId: string | null;
  actor: Pick<Actor, 'type' | 'id' | 'name'> | null;
  actorName: string | null;
  target: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
  correlationId: string | null;
  windowStart: number;
}

export interface RepeatOptions {
  /** Counted in a window of its own (e.g. auth_failed's reason): part of the window's key. */
  facet?: string;
  /** Named with its count in the summary row (e.g. the route refused). */
  sample?: string;
}

/** `first`: write the entry now (count 1); `counted`: the window's summary will include it. */
export type CountOutcome = 'first' | 'counted' | 'unavailable';

/**
 * Keeps refusals that can be repeated at will (`permission_denied`, `auth_failed`, refused admin
 * actions) from flooding the audit log, without losing any: per minute and per actor (or per
 * source IP when anonymous), the first occurrence is written at once as a row with
 * `details.count = 1`; the others are only counted, in Redis (so every instance of a deployment
 * counts into the same window), and written as ONE summary row with `details.count` = how many,
 * when the minute is over. Rows stay append-only and chained; the counts of a window's rows add
 * up to the number of occurrences.
 *
 * Nothing is lost silently: the leader flushes ended windows every 15 s, every instance flushes
 * all windows when it shuts down, a summary that cannot be written goes back to Redis (and is
 * logged), and while Redis cannot be reached each occurrence is written as a row of its own.
 */
@Injectable()
export class AuditAggregator implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Audit');
  private loop?: LeaderLoop;
  private redisDown = false;
  private flushing?: Promise<number>;

  constructor(
    private readonly redis: SharedRedis,
    private readonly lease: LeaderLease,
    private readonly uow: UnitOfWork,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.lease.runWhileLeader(AUDIT_AGGREGATION_LEASE, FLUSH_EVERY_MS, () =>
      this.flushDue(),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop?.stop();
    await this.flushDue(Number.POSITIVE_INFINITY).catch((error: unknown) =>
      this.logger.error(
        `Repeated audit entries could not be written at shutdown; they stay counted in Redis for the next start: ${errorMessage(error)}`,
      ),
    );
  }

  /** Counts one occurrence of `input` (already resolved: actor, organisation). */
  async count(
    input: AuditInput & { actor: Actor | null; organizationId: string | null },
    options: RepeatOptions = {},
  ): Promise<CountOutcome> {
    const meta = RequestContext.meta();
    const now = Date.now();
    const windowStart = now - (now % AGGREGATION_WINDOW_MS);
    const subject = input.actor
      ? `${input.actor.type}:${input.actor.id}`
      : `ip:${meta.ip ?? 'unknown'}`;
    const key = this.redis.key(
      'audit-agg',
      String(windowStart),
      input.action,
      input.organizationId ?? 'instance',
      encodeURIComponent(subject),
      encodeURIComponent(options.facet ?? ''),
    );
    const first: FirstOccurrence = {
      action: input.action,
      organizationId: input.organizationId,
      actor: input.actor
        ? { type: input.actor.type, id: input.actor.id, name: input.actor.name }
        : null,
      actorName: input.actorName ?? null,
      target: input.target ?? null,
      details: input.details ?? {},
      ip: meta.ip,
      userAgent: meta.userAgent,
      correlationId: meta.correlationId,
      windowStart,
    };
    try {
      const n = await this.redis.client.eval(
        COUNT,
        2,
        key,
        this.pendingKey,
        String(windowStart + AGGREGATION_WINDOW_MS + FLUSH_GRACE_MS),
        String(WINDOW_TTL_SECONDS),
        JSON.stringify(first),
        (options.sample ?? '').slice(0, 300),
        String(MAX_SAMPLES),
      );
      this.reachable();
      return Number(n) === 1 ? 'first' : 'counted';
    } catch (error) {
      this.unreachable(error);
      return 'unavailable';
    }
  }

  /**
   * Writes the summary row of every window due by `until` (default: now). Returns how many
   * summaries it wrote. One flush at a time per instance; the claim in Redis keeps two
   * instances from writing the same window.
   */
  flushDue(until = Date.now()): Promise<number> {
    const run = (this.flushing ?? Promise.resolve(0))
      .catch(() => 0)
      .then(() => this.flushUntil(until));
    this.flushing = run;
    return run;
  }

  private get pendingKey(): string {
    return this.redis.key('audit-agg', 'pending');
  }

  private async flushUntil(until: number): Promise<number> {
    let written = 0;
    const max = Number.isFinite(until) ? String(until) : '+inf';
    for (;;) {
      const keys = await this.redis.client.zrangebyscore(
        this.pendingKey,
        '-inf',
        max,
        'LIMIT',
        0,
        FLUSH_PAGE,
      );
      for (const key of keys) {
        if (await this.flushWindow(key)) written++;
      }
      if (keys.length < FLUSH_PAGE) return written;
    }
  }

  /** Claims one window and writes its summary row; true when a row was written. */
  private async flushWindow(key: string): Promise<boolean> {
    const flat = (await this.redis.client.eval(CLAIM, 2, this.pendingKey, key)) as string[] | null;
    if (!flat) return false; // another instance took it
    const fields = new Map<string, string>();
    for (let i = 0; i + 1 < flat.length; i += 2) fields.set(flat[i], flat[i + 1]);
    const count = Number(fields.get('count') ?? 0);
    const firstJson = fields.get('first');
    if (count <= 1 || !firstJson) return false; // only the first, already written
    const first = JSON.parse(firstJson) as FirstOccurrence;
    const samples: Record<string, number> = {};
    for (const [field, value] of fields) {
      if (field.startsWith('s:')) samples[field.slice(2)] = Number(value);
    }
    const other = Number(fields.get('other') ?? 0);
    try {
      await this.writeSummary(first, count - 1, samples, other);
      return true;
    } catch (error) {
      await this.restore(key, firstJson, count, other, samples);
      throw error;
    }
  }

  private async writeSummary(
    first: FirstOccurrence,
    repeated: number,
    samples: Record<string, number>,
    other: number,
  ): Promise<void> {
    const actor: Actor | null = first.actor
      ? {
          ...first.actor,
          permissions: [],
          organizationId: first.organizationId,
          sessionId: null,
        }
      : null;
    const details: Record<string, unknown> = {
      ...first.details,
      count: repeated,
      repeated: true,
      window: {
        from: new Date(first.windowStart).toISOString(),
        to: new Date(first.windowStart + AGGREGATION_WINDOW_MS).toISOString(),
      },
      ...(Object.keys(samples).length > 0 ? { targets: samples } : {}),
      ...(other > 0 ? { otherTargets: other } : {}),
    };
    await RequestContext.run(
      {
        ip: first.ip,
        userAgent: first.userAgent,
        correlationId: first.correlationId ?? undefined,
        actor,
        organizationId: first.organizationId,
      },
      () =>
        this.uow.run(
          (tx) =>
            tx.audit({
              actor,
              actorName: first.actorName ?? undefined,
              action: first.action,
              target: first.target,
              result: 'failure',
              details,
              organizationId: first.organizationId,
            }),
          {
            organizationId: first.organizationId,
            platform: first.organizationId === null,
            independent: true,
          },
        ),
    );
  }

  private async restore(
    key: string,
    firstJson: string,
    count: number,
    other: number,
    samples: Record<string, number>,
  ): Promise<void> {
    const first = JSON.parse(firstJson) as FirstOccurrence;
    const args = [
      String(first.windowStart + AGGREGATION_WINDOW_MS + FLUSH_GRACE_MS),
      String(WINDOW_TTL_SECONDS),
      firstJson,
      String(count),
      String(other),
      ...Object.entries(samples).flatMap(([sample, n]) => [`s:${sample}`, String(n)]),
    ];
    try {
      await this.redis.client.eval(RESTORE, 2, this.pendingKey, key, ...args);
    } catch (error) {
      // Neither written nor kept: say exactly what is lost.
      this.logger.error(
        `LOST ${count - 1} repeated '${first.action}' audit entries (window ${new Date(first.windowStart).toISOString()}, ` +
          `organisation ${first.organizationId ?? 'instance'}, actor ${first.actor?.name ?? first.ip ?? 'unknown'}): ${errorMessage(error)}`,
      );
    }
  }

  private unreachable(error: unknown): void {
    if (this.redisDown) return;
    this.redisDown = true;
    this.logger.warn(
      `Redis unreachable (${errorMessage(error)}): repeated audit entries are written one row each until it answers`,
    );
  }

  private reachable(): void {
    if (!this.redisDown) return;
    this.redisDown = false;
    this.logger.log('Redis reachable again: repeated audit entries are counted per minute again');
  }
}
