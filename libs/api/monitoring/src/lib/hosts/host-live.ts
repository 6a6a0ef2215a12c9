import { UnitOfWork } from '@hyperion/api/core';
import { LiveTopics, RealtimePublisher } from '@hyperion/api/realtime';
import { hostLiveTopic, type HostSample } from '@hyperion/contracts';
import { Injectable, OnModuleInit } from '@nestjs/common';

/** `host:<uuid>:samples`, as `hostLiveTopic` writes it. */
const HOST_TOPIC = /^host:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):samples$/;

/**
 * Pushes each stored sample to the consoles watching its host (Socket.IO topic
 * `host:<id>:samples`, joined with `live:subscribe`). Samples are not kept for a client that
 * cannot take them: a slow console misses points, it never holds up the collector.
 */
@Injectable()
export class HostLive implements OnModuleInit {
  constructor(
    private readonly realtime: RealtimePublisher,
    private readonly topics: LiveTopics,
    private readonly uow: UnitOfWork,
  ) {}

  /** A console may follow a host of its own organisation (row-level security decides). */
  onModuleInit(): void {
    this.topics.register('host', 'host:sample', async (topic) => {
      const id = HOST_TOPIC.exec(topic)?.[1];
      if (!id) return false;
      return this.uow.run(async (tx) => {
        const rows: unknown[] = await tx.manager.query('SELECT 1 FROM host WHERE id = $1', [id]);
        return rows.length === 1;
      });
    });
  }

  publish(organizationId: string, sample: HostSample): void {
    this.realtime.publishLive('host:sample', sample, {
      organizationId,
      topic: hostLiveTopic(sample.hostId),
    });
  }
}
