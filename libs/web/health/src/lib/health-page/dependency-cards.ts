import { DependencyState, HealthReport } from '@hyperion/contracts';

export type DependencyId = 'api' | 'database' | 'redis' | 'disk' | 'memory';

export interface Fact {
  readonly label: string;
  readonly value: string;
}

/** A percentage bar; `threshold` draws the alert line. */
export interface Gauge {
  readonly label: string;
  readonly percent: number;
  readonly threshold?: number;
}

/** A card's state: as reported, or UNKNOWN when the console cannot tell right now. */
export type CardState = DependencyState | 'UNKNOWN';

/** What one dependency card shows. */
export interface DependencyCard {
  readonly id: DependencyId;
  readonly title: string;
  readonly subtitle: string;
  readonly state: CardState;
  readonly gauge?: Gauge;
  readonly facts: readonly Fact[];
}

const percent = (value: number): string => `${value.toFixed(1)} %`;
const mebibytes = (value: number): string => `${Math.round(value)} MiB`;
const stateOf = (healthy: boolean): DependencyState => (healthy ? 'OK' : 'ERROR');
const reachability = (state: DependencyState): Fact => ({
  label: 'Probe',
  value: state === 'OK' ? 'Responding' : 'Failing',
});

/** The five cards before any report arrived (the API never answered): titles only, UNKNOWN. */
export function unknownCards(): DependencyCard[] {
  const titles: [DependencyId, string, string][] = [
    ['api', 'API', 'Hyperion HTTP API'],
    ['database', 'Database', 'PostgreSQL'],
    ['redis', 'Redis', 'Cache and job queues'],
    ['disk', 'Disk', 'Data directory'],
    ['memory', 'Memory', 'API process and host'],
  ];
  return titles.map(([id, title, subtitle]) => ({
    id,
    title,
    subtitle,
    state: 'UNKNOWN',
    facts: [],
  }));
}

/** The same cards with every state UNKNOWN: what was last reported can no longer be vouched for. */
export function asUnknown(cards: readonly DependencyCard[]): DependencyCard[] {
  return cards.map((card) => ({ ...card, state: 'UNKNOWN' }));
}

/** The five dependency cards of a report, in display order. */
export function dependencyCards(report: HealthReport): DependencyCard[] {
  const { disk, memory } = report;
  return [
    {
      id: 'api',
      title: 'API',
      subtitle: 'Hyperion HTTP API',
      state: report.api,
      facts: [reachability(report.api)],
    },
    {
      id: 'database',
      title: 'Database',
      subtitle: 'PostgreSQL',
      state: report.database,
      facts: [reachability(report.database)],
    },
    {
      id: 'redis',
      title: 'Redis',
      subtitle: 'Cache and job queues',
      state: report.redis,
      facts: [reachability(report.redis)],
    },
    {
      id: 'disk',
      title: 'Disk',
      subtitle: disk.path,
      state: stateOf(disk.healthy),
      gauge: {
        label: `Disk usage ${percent(disk.usage_percent)}, threshold ${percent(disk.threshold_percent)}`,
        percent: disk.usage_percent,
        threshold: disk.threshold_percent,
      },
      facts: [
        { label: 'Used', value: percent(disk.usage_percent) },
        { label: 'Threshold', value: percent(disk.threshold_percent) },
      ],
    },
    {
      id: 'memory',
      title: 'Memory',
      subtitle: 'API process and host',
      state: stateOf(memory.healthy),
      gauge: {
        label: `Host memory used ${percent(memory.system_usage_percent)}`,
        percent: memory.system_usage_percent,
      },
      facts: [
        { label: 'Host used', value: percent(memory.system_usage_percent) },
        { label: 'RSS', value: mebibytes(memory.rss_mb) },
        {
          label: 'Heap',
          value: `${mebibytes(memory.heap_used_mb)} of ${mebibytes(memory.heap_total_mb)}`,
        },
      ],
    },
  ];
}
