import type { HostKind, HostState, HostSummary } from '@hyperion/contracts';

import { StateInfo } from '../monitor-format';

export { localTime, relativeTime } from '@hyperion/web/util';

/** A host's state in words, the chip's colour (it only repeats the words) and what it means. */
export const HOST_STATE_INFO: Readonly<Record<HostState, StateInfo>> = {
  down: { label: 'Down', tone: 'error', detail: 'Sampling failed twice in a row.' },
  pending: { label: 'Pending', tone: 'neutral', detail: 'No sample yet.' },
  up: { label: 'Up', tone: 'ok', detail: 'Its last sample arrived.' },
  paused: { label: 'Paused', tone: 'neutral', detail: 'Disabled: not sampled.' },
};

export const HOST_KIND_LABELS: Readonly<Record<HostKind, string>> = {
  local: 'This Hyperion host',
  node_exporter: 'node_exporter',
};

/** Where a host's figures come from: "This Hyperion host", or the node_exporter URL scraped. */
export function sourceText(host: Pick<HostSummary, 'kind' | 'url'>): string {
  return host.kind === 'local'
    ? HOST_KIND_LABELS.local
    : (host.url ?? HOST_KIND_LABELS.node_exporter);
}

const ONE_DECIMAL = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** "12.5 %"; "—" when nothing was measured. */
export function percentText(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${ONE_DECIMAL.format(value)} %`;
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** "512 B", "1.5 GiB": binary units, as `free -h` and `df -h` print them. */
export function bytesText(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${ONE_DECIMAL.format(value)} ${UNITS[unit]}`;
}

/** "2 KiB/s" */
export const rateText = (bytesPerSecond: number): string => `${bytesText(bytesPerSecond)}/s`;

/** "3 d 4 h", "4 h 5 min", "5 min", "under a minute": how long a host has been up. */
export function uptimeText(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  return minutes > 0 ? `${minutes} min` : 'under a minute';
}

/** A threshold in words: "80 %", or "off" when its alert is turned off. */
export const limitText = (limit: number | null): string => (limit === null ? 'off' : `${limit} %`);

/** Above its alert threshold (a figure in the error colour; the number still says it). */
export const above = (value: number | null | undefined, limit: number | null): boolean =>
  value !== null && value !== undefined && limit !== null && value > limit;
