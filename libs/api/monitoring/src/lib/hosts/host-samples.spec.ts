import { AlertConfigDomain, AlertsDomain, ServiceDomain } from '@hyperion/api/alerts';
import { AuditDomain } from '@hyperion/api/audit';
import { AuthDomain } from '@hyperion/api/auth';
import { NotificationChannelDomain, OnCallDomain, PagingDomain } from '@hyperion/api/notifications';
import { RealtimeModule } from '@hyperion/api/realtime';
import { MediumTest, startMediumTest } from '@hyperion/api/testing';
import type { HostSummary } from '@hyperion/contracts';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { HostDomain } from '../host.domain';
import { HostModule } from '../host.module';
import { HostService } from '../host.service';
import { HostRollup } from './host-rollup';
import { HostSampleWriter } from './host-sample-writer';
import { HostSampleRepository } from './host-sample.repository';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Medium spec of host samples on PostgreSQL: roll-ups on fixed data, retention, the range
 * query, the batched writer and the thresholds' alerts (through the real alerts ingest).
 */
describe('host samples on PostgreSQL', () => {
  let t: MediumTest;
  let service: HostService;
  let rollup: HostRollup;
  let org: string;
  let exporter: Server;
  let exporterUrl: string;

  beforeAll(async () => {
    t = await startMediumTest({
      domains: [
        AuthDomain,
        AuditDomain,
        NotificationChannelDomain,
        OnCallDomain,
        PagingDomain,
        ServiceDomain,
        AlertConfigDomain,
        AlertsDomain,
        HostDomain,
      ],
      imports: [AuditDomain.module, AuthDomain.module, RealtimeModule, HostModule],
    });
    service = t.get(HostService);
    rollup = t.get(HostRollup);
    org = await t.createOrganization('Samples');
    // A node_exporter stand-in on loopback: the same counters at every scrape.
    exporter = createServer((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'text/plain' })
        .end(
          [
            'node_cpu_seconds_total{cpu="0",mode="idle"} 100',
            'node_cpu_seconds_total{cpu="0",mode="user"} 50',
            'node_memory_MemTotal_bytes 1000',
            'node_memory_MemAvailable_bytes 400',
          ].join('\n'),
        );
    });
    await new Promise<void>((r) => exporter.listen(0, '127.0.0.1', r));
    exporterUrl = `http://127.0.0.1:${(exporter.address() as AddressInfo).port}/metrics`;
  });

  afterAll(async () => {
    await new Promise((r) => exporter?.close(r));
    await t?.close();
  });

  /** A paused host of `org` (its samples are the spec's own). */
  const pausedHost = async (name: string) =>
    (await t.as(org, () => service.create({ name, kind: 'local', enabled: false }))).id;

  /** Raw samples written as the owner: [at, cpu, memory, disk, rx, tx]. */
  async function insertRaw(
    hostId: string,
    rows: [Date, number, number, number | null, number, number][],
  ): Promise<void> {
    for (const [at, cpu, memory, disk, rx, tx] of rows) {
      await t.ownerQuery(
        `INSERT INTO host_sample (organization_id, host_id, at, cpu_percent, memory_percent,
                disk_percent, load1, rx_bytes_per_second, tx_bytes_per_second, detail)
         VALUES ($1, $2, $3, $4, $5, $6, 0.5, $7, $8, '{}')`,
        [org, hostId, at, cpu, memory, disk, rx, tx],
      );
    }
  }

  const rollupRows = (table: string, hostId: string) =>
    t.ownerQuery<Record<string, unknown>>(
      `SELECT at, samples, cpu_avg, cpu_max, memory_avg, memory_max, disk_avg, disk_max,
              rx_avg, rx_max, tx_avg, tx_max
         FROM ${table} WHERE host_id = $1 ORDER BY at`,
      [hostId],
    );

  it('rolls raw samples up into exact minute averages and highest values, then hours weighted by samples', async () => {
    const host = await pausedHost('fixed data');
    const base = new Date(Math.floor((Date.now() - 3 * HOUR) / HOUR) * HOUR);
    const at = (ms: number) => new Date(base.getTime() + ms);
    await insertRaw(host, [
      [at(5_000), 10, 20, 30, 100, 10],
      [at(25_000), 20, 40, 50, 300, 30],
      [at(65_000), 60, 90, null, 800, 5],
    ]);

    await rollup.rollUpRange('minute', base, at(2 * MINUTE));
    expect(await rollupRows('host_sample_minute', host)).toEqual([
      {
        at: base,
        samples: 2,
        cpu_avg: 15,
        cpu_max: 20,
        memory_avg: 30,
        memory_max: 40,
        disk_avg: 40,
        disk_max: 50,
        rx_avg: 200,
        rx_max: 300,
        tx_avg: 20,
        tx_max: 30,
      },
      {
        at: at(MINUTE),
        samples: 1,
        cpu_avg: 60,
        cpu_max: 60,
        memory_avg: 90,
        memory_max: 90,
        disk_avg: null,
        disk_max: null,
        rx_avg: 800,
        rx_max: 800,
        tx_avg: 5,
        tx_max: 5,
      },
    ]);

    await rollup.rollUpRange('hour', base, at(HOUR));
    // The hour averages its three samples (not its two minutes); disk over the two that had one.
    expect(await rollupRows('host_sample_hour', host)).toEqual([
      {
        at: base,
        samples: 3,
        cpu_avg: 30,
        cpu_max: 60,
        memory_avg: 50,
        memory_max: 90,
        disk_avg: 40,
        disk_max: 50,
        rx_avg: 400,
        rx_max: 800,
        tx_avg: 15,
        tx_max: 30,
      },
    ]);

    // Rolled again: replaced, not added to.
    await rollup.rollUpRange('minute', base, at(2 * MINUTE));
    expect((await rollupRows('host_sample_minute', host)).map((r) => r['samples'])).toEqual([2, 1]);

    // The range query answers the roll-ups with averages, and the highest values in `max`.
    const series = await t.as(org, () =>
      service.history(host, {
        from: base.toISOString(),
        to: at(HOUR).toISOString(),
        resolution: '1m',
      }),
    );
    expect(series).toMatchObject({ resolution: '1m', stepSeconds: 60 });
    expect(series.points[0]).toEqual({
      at: base.toISOString(),
      samples: 2,
      cpuPercent: 15,
      memoryPercent: 30,
      diskPercent: 40,
      load1: 0.5,
      rxBytesPerSecond: 200,
      txBytesPerSecond: 20,
      max: {
        cpuPercent: 20,
        memoryPercent: 40,
        diskPercent: 50,
        rxBytesPerSecond: 300,
        txBytesPerSecond: 30,
      },
      sample: null,
    });
    const hourly = await t.as(org, () =>
      service.history(host, {
        from: base.toISOString(),
        to: at(HOUR).toISOString(),
        resolution: '1h',
      }),
    );
    expect(hourly.points.map((p) => [p.samples, p.cpuPercent, p.max?.cpuPercent])).toEqual([
      [3, 30, 60],
    ]);
  });

  it("the leader's run rolls up every complete minute since the last one, and only complete hours", async () => {
    const host = await pausedHost('recent');
    // Three minutes back must stay in the same hour: in an hour's first minutes, the test runs
    // as if it were the end of the previous one (CI met 03:02, whose 02:59 was a complete hour).
    const clock = Date.now();
    const hourStart = Math.floor(clock / HOUR) * HOUR;
    const now = new Date(clock - hourStart < 4 * MINUTE ? hourStart - 1000 : clock);
    const minute = (back: number) =>
      new Date(Math.floor(now.getTime() / MINUTE) * MINUTE - back * MINUTE);
    await insertRaw(host, [
      [new Date(minute(3).getTime() + 1000), 40, 50, 60, 1, 1],
      [new Date(minute(3).getTime() + 31_000), 50, 50, 60, 1, 1],
      [new Date(minute(2).getTime() + 1000), 70, 50, 60, 1, 1],
    ]);
    await rollup.rollUp(now);
    const minutes = await rollupRows('host_sample_minute', host);
    expect(minutes.map((r) => [r['at'], r['samples'], r['cpu_avg']])).toEqual([
      [minute(3), 2, 45],
      [minute(2), 1, 70],
    ]);
    // The current hour is not complete: not rolled up.
    expect(await rollupRows('host_sample_hour', host)).toEqual([]);
    // Nothing new: a second run writes nothing.
    expect(await rollup.rollUp(now)).toEqual({ minutes: 0, hours: 0 });

    // The list shows the latest sample's figures and the minutes as a sparkline, in one query.
    const listed = (await t.as(org, () => service.list())).items.find((h) => h.id === host);
    expect(listed).toMatchObject({
      latest: { cpuPercent: 70, memoryPercent: 50, diskPercent: 60 },
      cpuSparkline: [
        { at: minute(3).toISOString(), cpuPercent: 45 },
        { at: minute(2).toISOString(), cpuPercent: 70 },
      ],
    });
  });

  it('retention deletes what is past each resolution and keeps what is not', async () => {
    const host = await pausedHost('retention');
    const now = Date.now();
    await insertRaw(host, [
      [new Date(now - 25 * HOUR), 1, 1, 1, 1, 1],
      [new Date(now - 23 * HOUR), 2, 2, 2, 2, 2],
    ]);
    for (const [table, back] of [
      ['host_sample_minute', 31 * DAY],
      ['host_sample_minute', 29 * DAY],
      ['host_sample_hour', 366 * DAY],
      ['host_sample_hour', 364 * DAY],
    ] as const) {
      await t.ownerQuery(
        `INSERT INTO ${table} (organization_id, host_id, at, samples, cpu_avg, cpu_max,
                memory_avg, memory_max, load1_avg, rx_avg, rx_max, tx_avg, tx_max)
         VALUES ($1, $2, $3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)`,
        [org, host, new Date(now - back)],
      );
    }
    const ages = async (table: string) =>
      (
        await t.ownerQuery<{ days: number }>(
          `SELECT round(extract(epoch FROM now() - at) / 3600)::int AS days
             FROM ${table} WHERE host_id = $1 ORDER BY at`,
          [host],
        )
      ).map((r) => r.days);

    const removed = await rollup.prune(new Date(now));
    expect(removed).toMatchObject({ host_sample: 1, host_sample_minute: 1, host_sample_hour: 1 });
    expect(await ages('host_sample')).toEqual([23]);
    expect(await ages('host_sample_minute')).toEqual([29 * 24]);
    expect(await ages('host_sample_hour')).toEqual([364 * 24]);
  });

  it('writes a sample at once, the samples finishing meanwhile together in the next INSERT, and answers them by range', async () => {
    const hosts: HostSummary[] = [];
    for (const name of ['batch 1', 'batch 2', 'batch 3']) {
      hosts.push(
        await t.as(org, () =>
          service.create({ name, kind: 'node_exporter', url: exporterUrl, enabled: false }),
        ),
      );
    }
    // Enabled with their first sample far off: only "sample now" samples them here.
    await t.ownerQuery(
      `UPDATE host SET enabled = true, state = 'pending', next_sample_at = now() + interval '1 hour'
        WHERE id = ANY($1)`,
      [hosts.map((h) => h.id)],
    );
    const repository = t.get(HostSampleRepository);
    const writer = t.get(HostSampleWriter);
    // The first scrape keeps counters (rates need two); the second gives samples.
    await Promise.all(hosts.map((h) => t.as(org, () => service.sampleNow(h.id))));
    await sleep(50);
    // The first write is held until every sample has finished: the others must wait for it and
    // go together in the next write, whatever order the scrapes finish in.
    const submitted = jest.spyOn(writer, 'submit');
    const write = repository.insert.bind(repository);
    let held = false;
    const insert = jest.spyOn(repository, 'insert').mockImplementation(async (rows) => {
      if (!held) {
        held = true;
        for (let i = 0; i < 200 && submitted.mock.calls.length < 3; i++) await sleep(10);
      }
      return write(rows);
    });
    const sampled = await Promise.all(hosts.map((h) => t.as(org, () => service.sampleNow(h.id))));
    const sizes = insert.mock.calls.map(([rows]) => rows.length);
    insert.mockRestore();
    submitted.mockRestore();
    expect(sizes.length).toBeLessThanOrEqual(2);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(3);

    expect(sampled[0]).toMatchObject({
      state: 'up',
      lastError: null,
      latest: { cpuPercent: 0, memoryPercent: 60, diskPercent: null },
    });
    const series = await t.as(org, () => service.history(hosts[0].id, {}));
    expect(series.resolution).toBe('raw');
    expect(series.points).toHaveLength(1);
    expect(series.points[0].sample).toMatchObject({
      hostId: hosts[0].id,
      memory: { totalBytes: 1000, usedBytes: 600 },
    });
  });

  it('raises a threshold alert once through the alerts ingest, and resolves it when the figure drops', async () => {
    const host = await t.as(org, () =>
      service.create({
        name: 'memory watch',
        kind: 'node_exporter',
        url: exporterUrl,
        enabled: false,
        thresholds: { memoryPercent: 50, forSeconds: 0 },
      }),
    );
    await t.ownerQuery(
      `UPDATE host SET enabled = true, state = 'pending', next_sample_at = now() + interval '1 hour'
        WHERE id = $1`,
      [host.id],
    );
    const alert = async () =>
      (
        await t.ownerQuery<{ state: string; occurrences: number; summary: string }>(
          `SELECT state, occurrences, summary FROM alert WHERE dedup_key = $1`,
          [`host:${host.id}:memory`],
        )
      )[0] ?? null;
    const until = async (what: string, check: () => Promise<boolean>) => {
      const deadline = Date.now() + 15_000;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await sleep(100);
      }
    };

    await t.as(org, () => service.sampleNow(host.id)); // counters only
    await t.as(org, () => service.sampleNow(host.id)); // memory 60 % > 50 %: raised
    await until('the alert', async () => (await alert())?.state === 'triggered');
    expect((await alert())?.summary).toBe('memory watch: memory at 60 %, above 50 % for 0 s');
    // Still above: nothing more is sent.
    await t.as(org, () => service.sampleNow(host.id));
    await sleep(500);
    expect(await alert()).toMatchObject({ state: 'triggered', occurrences: 1 });

    await t.as(org, () => service.update(host.id, { thresholds: { memoryPercent: 70 } }));
    await t.as(org, () => service.sampleNow(host.id));
    await until('the alert resolved', async () => (await alert())?.state === 'resolved');
  });
});
