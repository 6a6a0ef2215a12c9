import type { HostPoint, HostSample, HostSummary } from '@hyperion/contracts';

/** For the specs only: a host as the API answers it (an UP local one unless overridden). */
export function host(overrides: Partial<HostSummary> = {}): HostSummary {
  return {
    id: '6f1c2b0e-8d4a-4c3e-9b1a-2f5d7e9c0a11',
    name: 'alpha',
    kind: 'local',
    url: null,
    hasToken: false,
    intervalSeconds: 15,
    enabled: true,
    tags: [],
    thresholds: { cpuPercent: 80, memoryPercent: 85, diskPercent: 90, forSeconds: 300 },
    state: 'up',
    stateChangedAt: '2026-01-30T13:00:00.000Z',
    lastSampleAt: '2026-01-30T14:00:00.000Z',
    lastError: null,
    latest: {
      at: '2026-01-30T14:00:00.000Z',
      cpuPercent: 12.5,
      memoryPercent: 40,
      diskPercent: 71.25,
    },
    cpuSparkline: [],
    createdAt: '2026-01-30T12:00:00.000Z',
    updatedAt: '2026-01-30T12:00:00.000Z',
    ...overrides,
  };
}

const GIB = 1024 ** 3;

/** For the specs only: one sample of a host (two interfaces, two mounts unless overridden). */
export function sample(at: string, cpu: number, overrides: Partial<HostSample> = {}): HostSample {
  return {
    hostId: host().id,
    at,
    cpu: { totalPercent: cpu, perCorePercent: [cpu, cpu], load1: 0.5, load5: 0.4, load15: 0.3 },
    memory: {
      totalBytes: 8 * GIB,
      usedBytes: 2 * GIB,
      swapTotalBytes: 2 * GIB,
      swapUsedBytes: 0.5 * GIB,
    },
    network: [
      { interface: 'eth0', rxBytesPerSecond: 2048, txBytesPerSecond: 1024 },
      { interface: 'wlan0', rxBytesPerSecond: 10, txBytesPerSecond: 20 },
    ],
    storage: [
      { mount: '/', sizeBytes: 100 * GIB, usedBytes: 50 * GIB, usedPercent: 50 },
      { mount: '/var', sizeBytes: 10 * GIB, usedBytes: 9 * GIB, usedPercent: 90 },
    ],
    uptimeSeconds: 3 * 86_400 + 4 * 3600 + 5 * 60,
    ...overrides,
  };
}

/** A raw point of the range query: one sample as the API returns it. */
export function rawPoint(s: HostSample): HostPoint {
  return {
    at: s.at,
    samples: 1,
    cpuPercent: s.cpu.totalPercent,
    memoryPercent: (s.memory.usedBytes / s.memory.totalBytes) * 100,
    diskPercent: Math.max(...s.storage.map((m) => m.usedPercent)),
    load1: s.cpu.load1,
    rxBytesPerSecond: s.network.reduce((sum, n) => sum + n.rxBytesPerSecond, 0),
    txBytesPerSecond: s.network.reduce((sum, n) => sum + n.txBytesPerSecond, 0),
    max: null,
    sample: s,
  };
}
