import type {
  DiskTarget,
  DnsTarget,
  HttpTarget,
  LogTarget,
  MonitorKind,
  MonitorState,
  MonitorSummary,
  PingTarget,
  PostgresTarget,
  RedisTarget,
  TcpTarget,
} from '@hyperion/contracts';
import type { StatusTone } from '@hyperion/web/ui';

export { localTime, relativeTime } from '@hyperion/web/util';

/** A state in words, the chip's colour (which only repeats the words) and what it means. */
export interface StateInfo {
  readonly label: string;
  readonly tone: StatusTone;
  readonly detail: string;
}

export const STATE_INFO: Readonly<Record<MonitorState, StateInfo>> = {
  down: { label: 'Down', tone: 'error', detail: 'Its checks fail.' },
  pending: {
    label: 'Pending',
    tone: 'neutral',
    detail: 'No verdict yet, or failing and retrying.',
  },
  up: { label: 'Up', tone: 'ok', detail: 'Its last check passed.' },
  paused: { label: 'Paused', tone: 'neutral', detail: 'Disabled: not checked.' },
};

/** What needs someone first: down, then pending, up, paused. */
export const STATE_ORDER: readonly MonitorState[] = ['down', 'pending', 'up', 'paused'];

export const KIND_LABELS: Readonly<Record<MonitorKind, string>> = {
  http: 'HTTP',
  tcp: 'TCP',
  postgres: 'PostgreSQL',
  redis: 'Redis',
  dns: 'DNS',
  ping: 'Ping',
  disk: 'Disk',
  log: 'Log',
  push: 'Push',
};

/**
 * Down first, then pending, up, paused, keeping the order within a state (the API's, by name):
 * a row whose "Check now" found it down moves up at once.
 */
export function downFirst<T extends Pick<MonitorSummary, 'state'>>(monitors: readonly T[]): T[] {
  return [...monitors].sort((a, b) => STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state));
}

const PERCENT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/** "99.95 %" (never rounded up to 100 while a check failed); "—" without checks. */
export function uptimeText(uptime: number | null): string {
  if (uptime === null) return '—';
  const shown = uptime < 100 && uptime > 99.99 ? 99.99 : uptime;
  return `${PERCENT.format(shown)} %`;
}

/** `host:port`, with an IPv6 address in brackets (`[::1]:5432`). */
function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Where a monitor looks, short enough for a table cell: the URL (http), host:port (tcp), the
 * connection string as the API masks it (postgres, redis), the host name (dns, ping), the path
 * (disk, log), "push" (the monitored job calls in). "—" when the target lacks its field.
 */
export function targetText(monitor: Pick<MonitorSummary, 'kind' | 'target'>): string {
  const text = ((): string | undefined => {
    switch (monitor.kind) {
      case 'http':
        return (monitor.target as HttpTarget).url;
      case 'tcp': {
        const { host, port } = monitor.target as TcpTarget;
        return host && port !== undefined ? hostPort(host, port) : host;
      }
      case 'postgres':
        return (monitor.target as PostgresTarget).connectionString;
      case 'redis':
        return (monitor.target as RedisTarget).url;
      case 'dns':
        return (monitor.target as DnsTarget).hostname;
      case 'ping':
        return (monitor.target as PingTarget).host;
      case 'disk':
        return (monitor.target as DiskTarget).path;
      case 'log':
        return (monitor.target as LogTarget).path;
      case 'push':
        return 'push';
    }
  })();
  return text || '—';
}

/** "42 ms"; "—" without a measure (no check yet, a push monitor, a check that failed early). */
export function latencyText(latencyMs: number | null): string {
  return latencyMs === null ? '—' : `${Math.round(latencyMs)} ms`;
}
