import type { HealthTransition } from '@hyperion/contracts';
import { JOBS, QUEUES } from '@hyperion/contracts';
import { getQueueToken } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';

import { HealthHistoryProducer } from './health-history.producer';
import { HealthTransitionJob } from './health-transition.job';

const transition: HealthTransition = {
  occurredAt: '2026-01-30T14:00:00.000Z',
  status: 'unhealthy',
  database: 'ERROR',
  redis: 'OK',
  diskHealthy: true,
  memoryHealthy: true,
  errors: ['PostgreSQL connection failed: x'],
};

/** A Bull queue that refuses jobs while `down`. */
class FakeQueue {
  down = false;
  added: { name: string; data: HealthTransitionJob }[] = [];

  on(): void {
    return undefined;
  }

  async add(name: string, data: HealthTransitionJob): Promise<void> {
    if (this.down) throw new Error('Connection is closed.');
    this.added.push({ name, data });
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('HealthHistoryProducer', () => {
  let queue: FakeQueue;
  let producer: HealthHistoryProducer;
  let warn: jest.SpyInstance;
  let log: jest.SpyInstance;

  beforeEach(async () => {
    queue = new FakeQueue();
    const moduleRef = await Test.createTestingModule({
      providers: [
        HealthHistoryProducer,
        { provide: getQueueToken(QUEUES.healthHistory), useValue: queue },
      ],
    }).compile();
    producer = moduleRef.get(HealthHistoryProducer);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('queues the transition with its correlation id', async () => {
    producer.record(transition, 'corr-1');
    await settle();
    expect(queue.added).toEqual([
      { name: JOBS.recordHealthTransition, data: { transition, correlationId: 'corr-1' } },
    ]);
  });

  it('warns once per queue outage, and says how many transitions it lost when it is back', async () => {
    queue.down = true;
    for (let i = 0; i < 5; i++) producer.record(transition, `corr-${i}`);
    await settle();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(
      /^Could not queue health transitions \(Connection is closed\./,
    );
    expect(warn.mock.calls[0][0]).toContain('correlationId=corr-0');

    queue.down = false;
    producer.record(transition, 'corr-5');
    producer.record(transition, 'corr-6');
    await settle();
    expect(log).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith(
      'Health history queue takes transitions again (5 lost meanwhile)',
    );

    queue.down = true;
    producer.record(transition, 'corr-7');
    await settle();
    expect(warn).toHaveBeenCalledTimes(2); // a new outage is worth a new line
  });
});
