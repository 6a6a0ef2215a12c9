import { UnitOfWork } from '@hyperion/api/core';
import type { HostPoint, HostResolution, HostSample } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

import type { HostReading } from './host-counters';

/** One raw sample as stored: the queried figures as columns, the whole reading as `detail`. */
export interface SampleRow {
  organizationId: string;
  hostId: string;
  at: Date;
  cpuPercent: number;
  memoryPercent: number;
  diskPercent: number | null;
  load1: number;
  rxBytesPerSecond: number;
  txBytesPerSecond: number;
  detail: HostReading;
}

export type RollupLevel = 'minute' | 'hour';

/** The roll-up tables, and where each level's averages come from. */
const ROLLUP = {
  minute: { table: 'host_sample_minute', unit: 'minute' },
  hour: { table: 'host_sample_hour', unit: 'hour' },
} as const;

/** The sample tables retention prunes. */
export const SAMPLE_TABLES = ['host_sample', 'host_sample_minute', 'host_sample_hour'] as const;
export type SampleTable = (typeof SAMPLE_TABLES)[number];

/** Raw points answered at most per range query (a raw range is short: see HOST_RULES). */
const RAW_POINTS_MAX = 5000;

const ROLLUP_COLUMNS = [
  'samples',
  'cpu_avg',
  'cpu_max',
  'memory_avg',
  'memory_max',
  'disk_avg',
  'disk_max',
  'load1_avg',
  'rx_avg',
  'rx_max',
  'tx_avg',
  'tx_max',
] as const;

/** The same, as the range query names them. */
const ROLLUP_ALIASES = [
  'samples',
  'cpuAvg',
  'cpuMax',
  'memoryAvg',
  'memoryMax',
  'diskAvg',
  'diskMax',
  'load1Avg',
  'rxAvg',
  'rxMax',
  'txAvg',
  'txMax',
] as const;

/**
 * Roll-up aggregates over `source`, in the order of ROLLUP_COLUMNS: straight averages of raw
 * samples, or averages of averages weighted by their sample counts (an hour of uneven minutes
 * averages its samples, not its minutes). Highest values are the highest of the highest.
 */
function aggregates(source: 'raw' | 'rollup'): string[] {
  if (source === 'raw') {
    return [
      'count(*)::int',
      'avg("cpu_percent")',
      'max("cpu_percent")',
      'avg("memory_percent")',
      'max("memory_percent")',
      'avg("disk_percent")',
      'max("disk_percent")',
      'avg("load1")',
      'avg("rx_bytes_per_second")',
      'max("rx_bytes_per_second")',
      'avg("tx_bytes_per_second")',
      'max("tx_bytes_per_second")',
    ];
  }
  const weighted = (c: string) => `sum("${c}" * "samples") / sum("samples")`;
  return [
    'sum("samples")::int',
    weighted('cpu_avg'),
    'max("cpu_max")',
    weighted('memory_avg'),
    'max("memory_max")',
    'sum("disk_avg" * "samples") / nullif(sum("samples") FILTER (WHERE "disk_avg" IS NOT NULL), 0)',
    'max("disk_max")',
    weighted('load1_avg'),
    weighted('rx_avg'),
    'max("rx_max")',
    weighted('tx_avg'),
    'max("tx_max")',
  ];
}

/** A roll-up point as the range query reads it. */
interface RollupRow {
  at: Date;
  samples: number;
  cpuAvg: number;
  cpuMax: number;
  memoryAvg: number;
  memoryMax: number;
  diskAvg: number | null;
  diskMax: number | null;
  load1Avg: number;
  rxAvg: number;
  rxMax: number;
  txAvg: number;
  txMax: number;
}

interface RawRow {
  at: Date;
  cpuPercent: number;
  memoryPercent: number;
  diskPercent: number | null;
  load1: number;
  rxBytesPerSecond: number;
  txBytesPerSecond: number;
  detail: HostReading;
}

/** The UTC-aligned bucket of `at` (date_trunc would follow the session's time zone). */
const bucket = (unit: 'minute' | 'hour', at: string) =>
  `date_bin(interval '1 ${unit}', ${at}, timestamptz '2000-01-01 00:00:00+00')`;

const round2 = (n: number) => Math.round(n * 100) / 100;
const round2OrNull = (n: number | null) => (n === null ? null : round2(n));

/**
 * Host samples in PostgreSQL: the batched insert, the range query at each resolution, the
 * roll-ups and retention (these two in platform scope, by the leader, across organisations).
 */
@Injectable()
export class HostSampleRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** Stores samples with one multi-row INSERT (a sample already stored is kept as it was). */
  async insert(rows: SampleRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.uow.manager.query(
      `INSERT INTO "host_sample" ("organization_id", "host_id", "at", "cpu_percent",
              "memory_percent", "disk_percent", "load1", "rx_bytes_per_second",
              "tx_bytes_per_second", "detail")
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r("organization_id" uuid, "host_id" uuid,
              "at" timestamptz, "cpu_percent" float8, "memory_percent" float8,
              "disk_percent" float8, "load1" float8, "rx_bytes_per_second" float8,
              "tx_bytes_per_second" float8, "detail" jsonb)
       ON CONFLICT DO NOTHING`,
      [
        JSON.stringify(
          rows.map((r) => ({
            organization_id: r.organizationId,
            host_id: r.hostId,
            at: r.at.toISOString(),
            cpu_percent: r.cpuPercent,
            memory_percent: r.memoryPercent,
            disk_percent: r.diskPercent,
            load1: r.load1,
            rx_bytes_per_second: r.rxBytesPerSecond,
            tx_bytes_per_second: r.txBytesPerSecond,
            detail: r.detail,
          })),
        ),
      ],
    );
  }

  /**
   * A host's points in [from, to), oldest first: raw samples, or roll-ups binned by
   * `stepSeconds` (the level's own bucket, or several of them for a long range).
   */
  async range(
    hostId: string,
    resolution: HostResolution,
    from: Date,
    to: Date,
    stepSeconds: number,
  ): Promise<HostPoint[]> {
    const organizationId = this.uow.organizationId;
    if (resolution === 'raw') {
      const rows = (await this.uow.manager.query(
        `SELECT "at", "cpu_percent" AS "cpuPercent", "memory_percent" AS "memoryPercent",
                "disk_percent" AS "diskPercent", "load1", "rx_bytes_per_second" AS "rxBytesPerSecond",
                "tx_bytes_per_second" AS "txBytesPerSecond", "detail"
           FROM "host_sample"
          WHERE "organization_id" = $1 AND "host_id" = $2 AND "at" >= $3 AND "at" < $4
          ORDER BY "at" LIMIT ${RAW_POINTS_MAX}`,
        [organizationId, hostId, from, to],
      )) as RawRow[];
      return rows.map((r) => rawPoint(hostId, r));
    }
    const table = resolution === '1m' ? 'host_sample_minute' : 'host_sample_hour';
    const rows = (await this.uow.manager.query(
      `SELECT date_bin($5 * interval '1 second', "at", timestamptz '2000-01-01 00:00:00+00') AS "at",
              ${aggregates('rollup')
                .map((expression, i) => `${expression} AS "${ROLLUP_ALIASES[i]}"`)
                .join(', ')}
         FROM "${table}"
        WHERE "organization_id" = $1 AND "host_id" = $2 AND "at" >= $3 AND "at" < $4
        GROUP BY 1 ORDER BY 1`,
      [organizationId, hostId, from, to, stepSeconds],
    )) as RollupRow[];
    return rows.map(rollupPoint);
  }

  /**
   * Rolls raw samples (level `minute`) or 1-minute roll-ups (level `hour`) of [from, to) up into
   * the level's buckets, every organisation at once (call in platform scope). Idempotent: a
   * bucket rolled again is replaced. Answers the buckets written.
   */
  async rollUp(level: RollupLevel, from: Date, to: Date): Promise<number> {
    const { table, unit } = ROLLUP[level];
    const source = level === 'minute' ? 'host_sample' : 'host_sample_minute';
    const result = (await this.uow.manager.query(
      `INSERT INTO "${table}" ("organization_id", "host_id", "at", ${ROLLUP_COLUMNS.map((c) => `"${c}"`).join(', ')})
       SELECT "organization_id", "host_id", ${bucket(unit, '"at"')},
              ${aggregates(level === 'minute' ? 'raw' : 'rollup').join(', ')}
         FROM "${source}"
        WHERE "at" >= $1 AND "at" < $2
        GROUP BY "organization_id", "host_id", ${bucket(unit, '"at"')}
       ON CONFLICT ("organization_id", "host_id", "at") DO UPDATE SET
         ${ROLLUP_COLUMNS.map((c) => `"${c}" = EXCLUDED."${c}"`).join(', ')}`,
      [from, to],
    )) as [unknown, number];
    return result[1] ?? 0;
  }

  /**
   * Where the next roll-up of `level` starts: the first bucket after the last one rolled that
   * holds source data (null when there is none), so a quiet spell costs no empty passes.
   */
  async nextRollupStart(level: RollupLevel): Promise<Date | null> {
    const { table, unit } = ROLLUP[level];
    const source = level === 'minute' ? 'host_sample' : 'host_sample_minute';
    const [row] = (await this.uow.manager.query(
      `SELECT ${bucket(unit, 'min(s."at")')} AS "start"
         FROM "${source}" s
        WHERE s."at" >= coalesce((SELECT max("at") FROM "${table}") + interval '1 ${unit}',
                                 '-infinity'::timestamptz)`,
    )) as { start: Date | null }[];
    return row?.start ?? null;
  }

  /** Deletes up to `batch` rows of `table` older than `before` (call in platform scope). */
  async prune(table: SampleTable, before: Date, batch: number): Promise<number> {
    const result = (await this.uow.manager.query(
      `DELETE FROM "${table}" WHERE ctid IN (
         SELECT ctid FROM "${table}" WHERE "at" < $1 LIMIT $2)`,
      [before, batch],
    )) as [unknown, number];
    return result[1] ?? 0;
  }
}

function rawPoint(hostId: string, r: RawRow): HostPoint {
  const sample: HostSample = { hostId, at: r.at.toISOString(), ...r.detail };
  return {
    at: sample.at,
    samples: 1,
    cpuPercent: r.cpuPercent,
    memoryPercent: r.memoryPercent,
    diskPercent: r.diskPercent,
    load1: r.load1,
    rxBytesPerSecond: r.rxBytesPerSecond,
    txBytesPerSecond: r.txBytesPerSecond,
    max: null,
    sample,
  };
}

function rollupPoint(r: RollupRow): HostPoint {
  return {
    at: r.at.toISOString(),
    samples: r.samples,
    cpuPercent: round2(r.cpuAvg),
    memoryPercent: round2(r.memoryAvg),
    diskPercent: round2OrNull(r.diskAvg),
    load1: round2(r.load1Avg),
    rxBytesPerSecond: round2(r.rxAvg),
    txBytesPerSecond: round2(r.txAvg),
    max: {
      cpuPercent: round2(r.cpuMax),
      memoryPercent: round2(r.memoryMax),
      diskPercent: round2OrNull(r.diskMax),
      rxBytesPerSecond: round2(r.rxMax),
      txBytesPerSecond: round2(r.txMax),
    },
    sample: null,
  };
}
