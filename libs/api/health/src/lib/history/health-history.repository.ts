import type { HealthTransition } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';

import { HealthTransitionEntity } from './health-transition.entity';

/** The only place that touches TypeORM for health history. */
@Injectable()
export class HealthHistoryRepository {
  constructor(
    @InjectRepository(HealthTransitionEntity)
    private readonly repository: Repository<HealthTransitionEntity>,
  ) {}

  async insert(transition: HealthTransition): Promise<void> {
    await this.repository.insert({ ...transition, occurredAt: new Date(transition.occurredAt) });
  }

  async latest(limit: number): Promise<HealthTransition[]> {
    const rows = await this.repository.find({
      order: { occurredAt: 'DESC', id: 'DESC' },
      take: limit,
    });
    return rows.map((row) => ({
      occurredAt: row.occurredAt.toISOString(),
      status: row.status,
      database: row.database,
      redis: row.redis,
      diskHealthy: row.diskHealthy,
      memoryHealthy: row.memoryHealthy,
      errors: row.errors,
    }));
  }
}
