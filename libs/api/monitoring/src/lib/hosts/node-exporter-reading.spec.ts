import { readNodeExporter } from './node-exporter-reading';

/** What a Linux node_exporter answers (trimmed to the families a sample reads, plus noise). */
function exporterText(c: {
  cpu0: { idle: number; iowait: number; user: number; system: number };
  cpu1: { idle: number; iowait: number; user: number; system: number };
  eth0: [number, number];
  lo: [number, number];
  time: number;
}): string {
  const cpu = (core: string, t: typeof c.cpu0) =>
    Object.entries(t)
      .map(([mode, v]) => `node_cpu_seconds_total{cpu="${core}",mode="${mode}"} ${v}`)
      .join('\n');
  return `# HELP node_boot_time_seconds Node boot time, in unixtime.
# TYPE node_boot_time_seconds gauge
node_boot_time_seconds 1.7e+09
# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.
# TYPE node_cpu_seconds_total counter
${cpu('1', c.cpu1)}
${cpu('0', c.cpu0)}
# TYPE node_filesystem_avail_bytes gauge
node_filesystem_avail_bytes{device="/dev/vda1",fstype="ext4",mountpoint="/"} 3e+10
node_filesystem_avail_bytes{device="tmpfs",fstype="tmpfs",mountpoint="/run"} 1e+08
node_filesystem_avail_bytes{device="/dev/vdb",fstype="xfs",mountpoint="/data"} 0
# TYPE node_filesystem_free_bytes gauge
node_filesystem_free_bytes{device="/dev/vda1",fstype="ext4",mountpoint="/"} 3.5e+10
node_filesystem_free_bytes{device="tmpfs",fstype="tmpfs",mountpoint="/run"} 1e+08
node_filesystem_free_bytes{device="/dev/vdb",fstype="xfs",mountpoint="/data"} 0
# TYPE node_filesystem_size_bytes gauge
node_filesystem_size_bytes{device="/dev/vda1",fstype="ext4",mountpoint="/"} 1e+11
node_filesystem_size_bytes{device="tmpfs",fstype="tmpfs",mountpoint="/run"} 2e+08
node_filesystem_size_bytes{device="/dev/vdb",fstype="xfs",mountpoint="/data"} 5e+10
# TYPE node_load1 gauge
node_load1 0.52
# TYPE node_load15 gauge
node_load15 0.31
# TYPE node_load5 gauge
node_load5 0.4
# TYPE node_memory_MemAvailable_bytes gauge
node_memory_MemAvailable_bytes 6e+09
# TYPE node_memory_MemTotal_bytes gauge
node_memory_MemTotal_bytes 8e+09
# TYPE node_memory_SwapFree_bytes gauge
node_memory_SwapFree_bytes 1.5e+09
# TYPE node_memory_SwapTotal_bytes gauge
node_memory_SwapTotal_bytes 2e+09
# TYPE node_network_receive_bytes_total counter
node_network_receive_bytes_total{device="eth0"} ${c.eth0[0]}
node_network_receive_bytes_total{device="lo"} ${c.lo[0]}
# TYPE node_network_transmit_bytes_total counter
node_network_transmit_bytes_total{device="eth0"} ${c.eth0[1]}
node_network_transmit_bytes_total{device="lo"} ${c.lo[1]}
# HELP node_scrape_collector_duration_seconds node_exporter: Duration of a collector scrape.
# TYPE node_scrape_collector_duration_seconds gauge
node_scrape_collector_duration_seconds{collector="cpu"} 0.0001
# TYPE node_time_seconds gauge
node_time_seconds ${c.time}
# HELP go_gc_duration_seconds A summary of the pause duration of garbage collection cycles.
# TYPE go_gc_duration_seconds summary
go_gc_duration_seconds{quantile="0.5"} 2.1e-05
go_gc_duration_seconds_sum 0.01
go_gc_duration_seconds_count 12
`;
}

const first = exporterText({
  cpu0: { idle: 1000, iowait: 10, user: 300, system: 100 },
  cpu1: { idle: 900, iowait: 0, user: 400, system: 200 },
  eth0: [1_000_000, 500_000],
  lo: [9_000, 9_000],
  time: 1.7e9 + 3600.4,
});
// 10 s later: core 0 busy 5 of 10 s (iowait counts as idle), core 1 busy 10 of 10 s.
const second = exporterText({
  cpu0: { idle: 1004, iowait: 11, user: 303, system: 102 },
  cpu1: { idle: 900, iowait: 0, user: 408, system: 202 },
  eth0: [1_250_000, 510_000],
  lo: [99_000, 99_000],
  time: 1.7e9 + 3610.4,
});

describe('a node_exporter /metrics text read as a host sample', () => {
  const t0 = new Date('2026-03-01T09:30:00.000Z');
  const t1 = new Date('2026-03-01T09:30:10.000Z');

  it('keeps the counters of the first scrape and gives no reading (rates need two scrapes)', () => {
    const scrape = readNodeExporter(first, null, t0);
    expect(scrape.reading).toBeNull();
    expect(scrape.counters).toEqual({
      at: t0.getTime(),
      cpu: [
        [400, 1410],
        [600, 1500],
      ],
      network: { eth0: [1_000_000, 500_000] },
    });
  });

  it('turns the second scrape into CPU, load, memory, network, storage and uptime', () => {
    const previous = JSON.parse(JSON.stringify(readNodeExporter(first, null, t0).counters));
    const scrape = readNodeExporter(second, previous, t1);
    expect(scrape.reading).toEqual({
      cpu: {
        totalPercent: 75,
        perCorePercent: [50, 100],
        load1: 0.52,
        load5: 0.4,
        load15: 0.31,
      },
      memory: {
        totalBytes: 8e9,
        usedBytes: 2e9,
        swapTotalBytes: 2e9,
        swapUsedBytes: 5e8,
      },
      // lo left out; 250 kB received and 10 kB sent in 10 s.
      network: [{ interface: 'eth0', rxBytesPerSecond: 25_000, txBytesPerSecond: 1000 }],
      // tmpfs left out; used = size − free; share = used / (used + available), as df says.
      storage: [
        { mount: '/', sizeBytes: 1e11, usedBytes: 6.5e10, usedPercent: 68.42 },
        { mount: '/data', sizeBytes: 5e10, usedBytes: 5e10, usedPercent: 100 },
      ],
      uptimeSeconds: 3610,
    });
  });

  it('reads the last line too when no line break ends the text', () => {
    const previous = readNodeExporter(first, null, t0).counters;
    // node_time_seconds last, with nothing after it.
    const text = second.slice(0, second.indexOf('# HELP go_gc')).trimEnd();
    expect(text.endsWith(`node_time_seconds ${1.7e9 + 3610.4}`)).toBe(true);
    expect(readNodeExporter(text, previous, t1).reading?.uptimeSeconds).toBe(3610);
  });

  it('starts afresh after a restart (CPU time went backwards) or a long silence', () => {
    const previous = readNodeExporter(second, null, t0).counters;
    expect(readNodeExporter(first, previous, t1).reading).toBeNull();
    const old = readNodeExporter(first, null, new Date(t1.getTime() - 11 * 60_000)).counters;
    expect(readNodeExporter(second, old, t1).reading).toBeNull();
  });

  it('refuses what is not node_exporter metrics, saying why', () => {
    expect(() => readNodeExporter('<html>login</html>', null, t0)).toThrow(
      /Prometheus|node_exporter/,
    );
    expect(() => readNodeExporter('up 1\n', null, t0)).toThrow(
      /no node_cpu_seconds_total or node_memory_MemTotal_bytes/,
    );
  });
});
