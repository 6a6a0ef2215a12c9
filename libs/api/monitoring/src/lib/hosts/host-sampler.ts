import { SecretBox, UnitOfWork } from '@hyperion/api/core';
import { ConflictException, Injectable, Logger } from '@nestjs/common';

import { HostEntity } from '../entities/host.entity';
import { HostRepository, sampleTimeoutSeconds } from '../host.repository';
import { HostSampleWriter, SampleOutcome } from './host-sample-writer';
import { LocalCollector } from './local-collector';
import { NodeExporterCollector } from './node-exporter-collector';

/** The associated data sealing a host's bearer token to that host (sealed and opened with it). */
export const tokenContext = (id: string) => `host:${id}`;

/**
 * One sample of one host, start to end: take its lease (no other sample of it anywhere), read
 * it outside any transaction, then hand the outcome to the batched writer, which stores it with
 * the host's new standing and the alerts it raises. Resolves once the sample is stored.
 */
@Injectable()
export class HostSampler {
  private readonly logger = new Logger('Hosts');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: HostRepository,
    private readonly box: SecretBox,
    private readonly local: LocalCollector,
    private readonly exporter: NodeExporterCollector,
    private readonly writer: HostSampleWriter,
  ) {}

  /** Samples a due host (the scheduler's job), or one asked for now (`force`: 409 while one runs). */
  async run(hostId: string, options: { force: boolean }): Promise<void> {
    const claimed = await this.uow.run(() => this.repository.claim(hostId, options.force));
    if (!claimed) {
      if (options.force) throw new ConflictException('A sample of this host is being taken');
      return;
    }
    await this.writer.submit(await this.collect(claimed));
  }

  /** The reading itself; never throws (a failure to read is a failed sample). */
  private async collect(host: HostEntity): Promise<SampleOutcome> {
    try {
      if (host.kind === 'local') {
        const reading = await this.local.collect();
        return { host, at: new Date(), reading, error: null };
      }
      const token = host.secret ? this.box.decrypt(host.secret, tokenContext(host.id)) : null;
      const scrape = await this.exporter.scrape(host.url ?? '', {
        token,
        timeoutMs: sampleTimeoutSeconds(host.intervalSeconds) * 1000,
        previous: host.collectorState,
      });
      return {
        host,
        at: new Date(scrape.counters.at),
        reading: scrape.reading,
        error: null,
        collectorState: scrape.counters,
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.debug(`Host ${host.id} could not be sampled: ${message}`);
      return { host, at: new Date(), reading: null, error: message };
    }
  }
}
