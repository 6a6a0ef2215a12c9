import { Injectable } from '@nestjs/common';
import { cpus, loadavg } from 'node:os';
import * as si from 'systeminformation';

import {
  COUNTERS_MAX_AGE_MS,
  Counters,
  HostReading,
  memoryOf,
  ratesBetween,
  storageOf,
} from './host-counters';

/** Rates over less than this are mostly noise: the collector measures over at least this long. */
const MIN_WINDOW_MS = 1000;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads this Hyperion host: memory, network counters, file systems and uptime through
 * systeminformation, CPU time per core and load averages through Node's `os`. (Not
 * systeminformation's currentLoad: it runs `cat /proc/stat | grep cpu` synchronously on each
 * call, blocking the event loop, and measures since its own previous call, whoever made it.)
 *
 * Rates come from the counters of this process's previous reading, kept here rather than in
 * the host row: with several API instances on different machines, a row's counters could be
 * another machine's. When there is no recent reading to compare with, it reads twice, one
 * second apart. No process list is read: at a 15 s interval this costs well under 1 % of a core.
 */
@Injectable()
export class LocalCollector {
  private previous: Counters | null = null;

  async collect(): Promise<HostReading> {
    let current = await this.counters();
    const age = this.previous ? current.at - this.previous.at : Infinity;
    if (age < MIN_WINDOW_MS || age > COUNTERS_MAX_AGE_MS) {
      this.previous = current;
      await wait(MIN_WINDOW_MS);
      current = await this.counters();
    }
    const rates = ratesBetween(this.previous, current);
    this.previous = current;
    const [mem, fileSystems] = await Promise.all([si.mem(), si.fsSize()]);
    const [load1, load5, load15] = loadavg();
    return {
      cpu: {
        totalPercent: rates?.cpu.totalPercent ?? 0,
        perCorePercent: rates?.cpu.perCorePercent ?? current.cpu.map(() => 0),
        load1,
        load5,
        load15,
      },
      memory: memoryOf({
        totalBytes: mem.total,
        availableBytes: mem.available,
        swapTotalBytes: mem.swaptotal,
        swapFreeBytes: mem.swapfree,
      }),
      network: rates?.network ?? [],
      storage: storageOf(
        fileSystems.map((f) => ({
          mount: f.mount,
          type: f.type,
          sizeBytes: f.size,
          freeBytes: f.size - f.used,
          availableBytes: f.available,
        })),
      ),
      uptimeSeconds: Math.round(si.time().uptime),
    };
  }

  private async counters(): Promise<Counters> {
    const interfaces = await si.networkStats('*');
    const network: Counters['network'] = {};
    for (const i of interfaces) {
      if (i.iface !== 'lo') network[i.iface] = [i.rx_bytes, i.tx_bytes];
    }
    return {
      at: Date.now(),
      // libuv reports user, nice, sys, idle and irq time per core (iowait is in none of them).
      cpu: cpus().map(({ times }) => {
        const busy = times.user + times.nice + times.sys + times.irq;
        return [busy, busy + times.idle];
      }),
      network,
    };
  }
}
