import type { HealthTransition } from '@hyperion/contracts';
import { Logger } from '@nestjs/common';

import { HealthHistoryProcessor } from './health-history.processor';
import { HealthHistoryRepository } from './health-history.repository';

const transition: HealthTransition = {
  occurredAt: '2026-01-30T14:00:00.000Z',
  status: 'healthy',
  database: 'OK',
  redis: 'OK',
  diskHealthy: true,
  memoryHealthy: true,
  errors: [],
};

describe('HealthHistoryProcessor', () => {
  let inserted: HealthTransition[];
  let failWith: Error | undefined;
  let processor: HealthHistoryProcessor;
  let logs: string[];
  let errors: string[];

  beforeEach(() => {
    inserted = [];
    failWith = undefined;
    const repository: Pick<HealthHistoryRepository, 'insert'> = {
      insert: async (t) => {
        if (failWith) throw failWith;
        inserted.push(t);
      },
    };
    processor = new HealthHistoryProcessor(repository as HealthHistoryRepository);
    logs = [];
    errors = [];
    jest
      .spyOn(Logger.prototype, 'log')
      .mockImplementation((m: unknown) => void logs.push(String(m)));
    jest
      .spyOn(Logger.prototype, 'error')
      .mockImplementation((m: unknown) => void errors.push(String(m)));
  });

  afterEach(() => jest.restoreAllMocks());

  it('inserts the transition and logs its correlation id', async () => {
    const job = {
      id: 7,
      data: { transition, correlationId: 'corr-42' },
      attemptsMade: 0,
      opts: {},
    };
    await processor.record(job);
    expect(inserted).toEqual([transition]);
    expect(logs).toEqual([
      'Recorded the health transition to healthy at 2026-01-30T14:00:00.000Z (correlationId=corr-42)',
    ]);
  });

  it('still records jobs queued before correlation ids, under the job id', async () => {
    await processor.record({ id: 7, data: transition, attemptsMade: 0, opts: {} });
    expect(inserted).toEqual([transition]);
    expect(logs[0]).toContain('(correlationId=job-7)');
  });

  it('lets Bull retry a failed insert, and logs the correlation id when it gives up', async () => {
    failWith = new Error('connect ECONNREFUSED');
    const data = { transition, correlationId: 'corr-9' };
    await expect(
      processor.record({ id: 1, data, attemptsMade: 0, opts: { attempts: 3 } }),
    ).rejects.toThrow('ECONNREFUSED');
    expect(errors).toEqual([]);
    await expect(
      processor.record({ id: 1, data, attemptsMade: 2, opts: { attempts: 3 } }),
    ).rejects.toThrow('ECONNREFUSED');
    expect(errors).toEqual([
      expect.stringMatching(/^Gave up .*\(correlationId=corr-9\): connect ECONNREFUSED$/),
    ]);
  });
});
