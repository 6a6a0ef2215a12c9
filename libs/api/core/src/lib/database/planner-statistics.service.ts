import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { LeaderLease, LeaderLoop } from '../scheduling/leader-lease';

/** How often the leader looks for tables that outgrew their statistics. */
export const PLANNER_STATISTICS_EVERY_MS = 10_000;
/** Below this many rows a table's plan does not matter enough to analyze it. */
export const PLANNER_STATISTICS_MIN_ROWS = 500;

/**
 * Keeps the planner's statistics of fast-growing tables fresh between autovacuum's visits: every
 * 10 s one instance (the lease's holder) has `hyperion_refresh_statistics` analyze the tables
 * that at least doubled since they were last analyzed. Without it a table that grew from
 * nothing in a minute is planned as if each organisation held a few rows of it.
 */
@Injectable()
export class PlannerStatistics implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('PlannerStatistics');
  private loop?: LeaderLoop;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly lease: LeaderLease,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.lease.runWhileLeader('planner-statistics', PLANNER_STATISTICS_EVERY_MS, () =>
      this.refresh(),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop?.stop();
  }

  /** Analyzes the tables that outgrew their statistics; answers their names. */
  async refresh(minRows = PLANNER_STATISTICS_MIN_ROWS): Promise<string[]> {
    if (!this.dataSource.isInitialized) return [];
    const rows = (await this.dataSource.query('SELECT hyperion_refresh_statistics($1) AS "table"', [
      minRows,
    ])) as { table: string }[];
    const tables = rows.map((r) => r.table);
    if (tables.length > 0) this.logger.debug(`Analyzed ${tables.join(', ')}`);
    return tables;
  }
}
