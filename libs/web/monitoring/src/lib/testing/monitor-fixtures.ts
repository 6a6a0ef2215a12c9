import type { MonitorListItem, MonitorSummary } from '@hyperion/contracts';

/** For the specs only: a monitor as the API answers it (an UP http one unless overridden). */
export function monitor(overrides: Partial<MonitorSummary> = {}): MonitorSummary {
  return {
    id: '6f1c2b0e-8d4a-4c3e-9b1a-2f5d7e9c0a11',
    name: 'Website',
    kind: 'http',
    target: { url: 'https://example.com/health' },
    intervalSeconds: 60,
    timeoutSeconds: 10,
    retries: 1,
    enabled: true,
    serviceId: null,
    groupName: null,
    tags: [],
    responseTimeThresholdMs: 2000,
    state: 'up',
    failures: 0,
    slow: false,
    lastCheckedAt: '2026-01-30T14:00:00.000Z',
    lastLatencyMs: 42,
    lastMessage: 'HTTP 200',
    stateChangedAt: '2026-01-30T13:00:00.000Z',
    pushUrl: null,
    createdAt: '2026-01-30T12:00:00.000Z',
    updatedAt: '2026-01-30T12:00:00.000Z',
    ...overrides,
  };
}

/** For the specs only: a row of the monitors list (no checks in the last 24 h unless overridden). */
export function listItem(overrides: Partial<MonitorListItem> = {}): MonitorListItem {
  return {
    ...monitor(overrides),
    uptimeDay: null,
    latencyByHour: new Array(24).fill(null),
    uptimeByHour: new Array(24).fill(null),
    ...overrides,
  };
}
