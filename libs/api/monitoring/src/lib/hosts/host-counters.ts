import type { HostSample } from '@hyperion/contracts';

/** A sample without its host and time: what a collector reads. */
export type HostReading = Omit<HostSample, 'hostId' | 'at'>;

/**
 * The cumulative counters a collector reads (CPU time, network bytes), from which the next
 * reading's rates come. For node_exporter hosts they are kept between scrapes in the host's
 * `collector_state`; the local collector keeps them in memory.
 */
export interface Counters {
  /** When they were read, ms since the epoch. */
  at: number;
  /** Per core, in core order: [busy, total] time (any unit, the same for both). */
  cpu: [number, number][];
  /** Per interface: [received, sent] bytes. */
  network: Record<string, [number, number]>;
}

/** Rates older than this are not rates any more: the next reading starts afresh. */
export const COUNTERS_MAX_AGE_MS = 10 * 60_000;

const round2 = (n: number) => Math.round(n * 100) / 100;
const clampPercent = (n: number) => Math.min(100, Math.max(0, round2(n)));

/** Counters as stored (jsonb), or null when they are not counters of this shape. */
export function readCounters(value: unknown): Counters | null {
  if (typeof value !== 'object' || value === null) return null;
  const { at, cpu, network } = value as Partial<Counters>;
  const pair = (p: unknown) =>
    Array.isArray(p) && p.length === 2 && p.every((n) => typeof n === 'number' && isFinite(n));
  if (typeof at !== 'number' || !Array.isArray(cpu) || !cpu.every(pair)) return null;
  if (typeof network !== 'object' || network === null) return null;
  if (!Object.values(network).every(pair)) return null;
  return { at, cpu, network };
}

/**
 * The CPU and network figures between two readings of the counters, or null when they cannot be
 * compared: no previous reading, one too old or not older, another core count, or CPU time that
 * went backwards (the host restarted). An interface whose counters went backwards or that is new
 * is left out of this reading only.
 */
export function ratesBetween(
  previous: Counters | null,
  current: Counters,
): {
  cpu: Pick<HostReading['cpu'], 'totalPercent' | 'perCorePercent'>;
  network: HostReading['network'];
} | null {
  if (!previous) return null;
  const elapsedMs = current.at - previous.at;
  if (elapsedMs <= 0 || elapsedMs > COUNTERS_MAX_AGE_MS) return null;
  if (previous.cpu.length !== current.cpu.length || current.cpu.length === 0) return null;
  let busy = 0;
  let total = 0;
  const perCorePercent: number[] = [];
  for (let i = 0; i < current.cpu.length; i++) {
    const busyDelta = current.cpu[i][0] - previous.cpu[i][0];
    const totalDelta = current.cpu[i][1] - previous.cpu[i][1];
    if (busyDelta < 0 || totalDelta < 0) return null;
    busy += busyDelta;
    total += totalDelta;
    perCorePercent.push(totalDelta > 0 ? clampPercent((busyDelta / totalDelta) * 100) : 0);
  }
  const seconds = elapsedMs / 1000;
  const network: HostReading['network'] = [];
  for (const [name, [rx, tx]] of Object.entries(current.network).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const before = previous.network[name];
    if (!before || rx < before[0] || tx < before[1]) continue;
    network.push({
      interface: name,
      rxBytesPerSecond: round2((rx - before[0]) / seconds),
      txBytesPerSecond: round2((tx - before[1]) / seconds),
    });
  }
  return {
    cpu: { totalPercent: total > 0 ? clampPercent((busy / total) * 100) : 0, perCorePercent },
    network,
  };
}

/** File systems that hold no data of their own (memory, overlays, kernel views, images). */
const PSEUDO_FILE_SYSTEMS = new Set([
  'autofs',
  'binfmt_misc',
  'bpf',
  'cgroup',
  'cgroup2',
  'configfs',
  'debugfs',
  'devpts',
  'devtmpfs',
  'efivarfs',
  'fuse.lxcfs',
  'fusectl',
  'hugetlbfs',
  'iso9660',
  'mqueue',
  'nsfs',
  'overlay',
  'proc',
  'pstore',
  'ramfs',
  'rpc_pipefs',
  'securityfs',
  'squashfs',
  'sysfs',
  'tmpfs',
  'tracefs',
]);

/** One mounted file system as a collector sees it. */
export interface Mount {
  mount: string;
  type: string;
  sizeBytes: number;
  /** What the file system has free, reserved blocks included (size − used). */
  freeBytes: number;
  /** What an unprivileged user may still write. */
  availableBytes: number;
}

/**
 * The storage part of a reading: real file systems only, each mount point once, used share as
 * `df` reports it (used / (used + available): blocks reserved for root do not count as room).
 */
export function storageOf(mounts: Mount[]): HostReading['storage'] {
  const seen = new Set<string>();
  const storage: HostReading['storage'] = [];
  for (const m of mounts) {
    if (PSEUDO_FILE_SYSTEMS.has(m.type) || seen.has(m.mount) || !(m.sizeBytes > 0)) continue;
    seen.add(m.mount);
    const usedBytes = Math.max(0, m.sizeBytes - m.freeBytes);
    const room = usedBytes + Math.max(0, m.availableBytes);
    storage.push({
      mount: m.mount,
      sizeBytes: m.sizeBytes,
      usedBytes,
      usedPercent: room > 0 ? clampPercent((usedBytes / room) * 100) : 0,
    });
  }
  return storage.sort((a, b) => a.mount.localeCompare(b.mount));
}

/** Memory in use: what is not available to new work (MemTotal − MemAvailable). */
export function memoryOf(fields: {
  totalBytes: number;
  availableBytes: number;
  swapTotalBytes: number;
  swapFreeBytes: number;
}): HostReading['memory'] {
  return {
    totalBytes: fields.totalBytes,
    usedBytes: Math.max(0, fields.totalBytes - fields.availableBytes),
    swapTotalBytes: fields.swapTotalBytes,
    swapUsedBytes: Math.max(0, fields.swapTotalBytes - fields.swapFreeBytes),
  };
}
