import { Histogram, Registry } from 'prom-client';

/** Cumulative counts per upper bound (`+Inf` last), with the sum and count of observations. */
export interface HistogramSnapshot {
  buckets: readonly { le: number | '+Inf'; count: number }[];
  sum: number;
  count: number;
}

/**
 * A histogram counted elsewhere (IncidentCounters keeps its buckets as incidents are
 * acknowledged), exported as it stands at scrape time. prom-client's Histogram only takes
 * observations one at a time; its registry writes the text format from `getForPromString()`
 * (and `get()` reads that too), so answering the snapshot there is all it takes.
 */
export class SnapshotHistogram extends Histogram {
  private readonly metricName: string;
  private readonly metricHelp: string;

  constructor(
    options: { name: string; help: string; registry: Registry },
    private readonly read: () => HistogramSnapshot,
  ) {
    super({ name: options.name, help: options.help, registers: [options.registry] });
    this.metricName = options.name;
    this.metricHelp = options.help;
  }

  async getForPromString() {
    const { buckets, sum, count } = this.read();
    const name = this.metricName;
    return {
      name,
      help: this.metricHelp,
      type: 'histogram',
      aggregator: 'sum',
      values: [
        ...buckets.map((b) => ({
          metricName: `${name}_bucket`,
          labels: { le: b.le },
          value: b.count,
        })),
        { metricName: `${name}_sum`, labels: {}, value: sum },
        { metricName: `${name}_count`, labels: {}, value: count },
      ],
    };
  }
}
