import parsePrometheusTextFormat = require('parse-prometheus-text-format');

import {
  Counters,
  HostReading,
  memoryOf,
  Mount,
  ratesBetween,
  readCounters,
  storageOf,
} from './host-counters';

type Family = parsePrometheusTextFormat.MetricFamily;

/** What one scrape gives: the reading (null on the first scrape: rates need two) and the counters. */
export interface ExporterScrape {
  reading: HostReading | null;
  counters: Counters;
}

/** A node_exporter answer that is not node_exporter metrics (or lacks what a sample needs). */
export class NotNodeExporterError extends Error {}

/** CPU modes during which a core does nothing (everything else is busy). */
const IDLE_MODES = new Set(['idle', 'iowait']);

const numberOf = (raw: string | undefined): number => {
  const n = Number(raw);
  return Number.isFinite(n) ? n : NaN;
};

/**
 * Turns a node_exporter `/metrics` text into a reading, with `previous` (the last scrape's
 * counters, as stored) for the rates: CPU busy share from `node_cpu_seconds_total`, network
 * bytes/s from `node_network_{receive,transmit}_bytes_total` (loopback left out), load
 * averages, memory and swap from `node_memory_*`, file systems from `node_filesystem_*`
 * (pseudo file systems left out), uptime from `node_time_seconds − node_boot_time_seconds`.
 */
export function readNodeExporter(text: string, previous: unknown, at: Date): ExporterScrape {
  let families: Family[];
  try {
    // The parser drops a last line that has no line break after it.
    families = parsePrometheusTextFormat(text.endsWith('\n') ? text : `${text}\n`);
  } catch (error) {
    throw new NotNodeExporterError(
      `not Prometheus text format (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const byName = new Map(families.map((f) => [f.name, f]));
  const metrics = (name: string) => byName.get(name)?.metrics ?? [];
  const gauge = (name: string) => {
    const value = numberOf(metrics(name)[0]?.value);
    return Number.isFinite(value) ? value : 0;
  };

  const cpuSeconds = metrics('node_cpu_seconds_total');
  const memTotal = numberOf(metrics('node_memory_MemTotal_bytes')[0]?.value);
  if (cpuSeconds.length === 0 || !Number.isFinite(memTotal)) {
    throw new NotNodeExporterError(
      'no node_cpu_seconds_total or node_memory_MemTotal_bytes: not a node_exporter (Linux) /metrics',
    );
  }

  const cores = new Map<string, [number, number]>();
  for (const m of cpuSeconds) {
    const core = m.labels?.['cpu'];
    const value = numberOf(m.value);
    if (core === undefined || !Number.isFinite(value)) continue;
    const times = cores.get(core) ?? [0, 0];
    if (!IDLE_MODES.has(m.labels?.['mode'] ?? '')) times[0] += value;
    times[1] += value;
    cores.set(core, times);
  }
  const network: Counters['network'] = {};
  const received = metrics('node_network_receive_bytes_total');
  const sent = new Map(
    metrics('node_network_transmit_bytes_total').map((m) => [m.labels?.['device'], m.value]),
  );
  for (const m of received) {
    const device = m.labels?.['device'];
    const rx = numberOf(m.value);
    const tx = numberOf(sent.get(device));
    if (!device || device === 'lo' || !Number.isFinite(rx) || !Number.isFinite(tx)) continue;
    network[device] = [rx, tx];
  }
  const counters: Counters = {
    at: at.getTime(),
    cpu: [...cores.entries()]
      .sort(([a], [b]) => Number(a) - Number(b) || a.localeCompare(b))
      .map(([, times]) => times),
    network,
  };

  const rates = ratesBetween(readCounters(previous), counters);
  if (!rates) return { reading: null, counters };

  const bytesByMount = (name: string) =>
    new Map(metrics(name).map((m) => [m.labels?.['mountpoint'], numberOf(m.value)]));
  const free = bytesByMount('node_filesystem_free_bytes');
  const available = bytesByMount('node_filesystem_avail_bytes');
  const mounts: Mount[] = [];
  for (const m of metrics('node_filesystem_size_bytes')) {
    const mount = m.labels?.['mountpoint'];
    const avail = available.get(mount);
    if (!mount || avail === undefined || !Number.isFinite(avail)) continue;
    mounts.push({
      mount,
      type: m.labels?.['fstype'] ?? '',
      sizeBytes: numberOf(m.value),
      // Without free_bytes, what is available is all that is known to be free.
      freeBytes: Number.isFinite(free.get(mount) ?? NaN) ? (free.get(mount) as number) : avail,
      availableBytes: avail,
    });
  }

  const bootTime = gauge('node_boot_time_seconds');
  return {
    counters,
    reading: {
      cpu: {
        ...rates.cpu,
        load1: gauge('node_load1'),
        load5: gauge('node_load5'),
        load15: gauge('node_load15'),
      },
      memory: memoryOf({
        totalBytes: memTotal,
        availableBytes: gauge('node_memory_MemAvailable_bytes'),
        swapTotalBytes: gauge('node_memory_SwapTotal_bytes'),
        swapFreeBytes: gauge('node_memory_SwapFree_bytes'),
      }),
      network: rates.network,
      storage: storageOf(mounts),
      uptimeSeconds:
        bootTime > 0 ? Math.max(0, Math.round(gauge('node_time_seconds') - bootTime)) : 0,
    },
  };
}
