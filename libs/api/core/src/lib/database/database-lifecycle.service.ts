import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AppConfig } from '../config/app-config';
import { errorMessage } from '../runtime/startup-error';

const RETRY_DELAY_MS = 2000;

/**
 * Connects the DataSource and runs pending migrations at start-up. When PostgreSQL does not
 * answer, Hyperion still starts (and reports `database: ERROR` on /health) and keeps trying in
 * the background, so a database that comes up later is picked up without a restart.
 */
@Injectable()
export class DatabaseLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private retryTimer?: NodeJS.Timeout;
  private connecting?: Promise<boolean>;
  private shuttingDown = false;
  private lastErrorMessage?: string;
  private readonly readyHooks: (() => Promise<void>)[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  get ready(): boolean {
    return this.dataSource.isInitialized;
  }

  /**
   * Runs once the database is connected and migrated (now, if it already is): seeding such as
   * the first admin account. A failing hook is logged, not fatal.
   */
  onReady(hook: () => Promise<void>): void {
    this.readyHooks.push(hook);
    if (this.ready) void this.runHook(hook);
  }

  private async runHook(hook: () => Promise<void>): Promise<void> {
    try {
      await hook();
    } catch (error) {
      this.logger.error(`Start-up task failed: ${errorMessage(error)}`);
    }
  }

  /** Why the last connection attempt failed, while not connected. */
  get lastError(): string | undefined {
    return this.ready ? undefined : this.lastErrorMessage;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!(await this.connect())) {
      this.scheduleRetry();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    clearTimeout(this.retryTimer);
    await this.connecting;
    if (this.dataSource.isInitialized) {
      await this.dataSource.destroy();
    }
  }

  /** One attempt to connect and migrate; true when the database is ready. */
  connect(): Promise<boolean> {
    this.connecting ??= this.attempt().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async attempt(): Promise<boolean> {
    if (this.dataSource.isInitialized) return true;
    try {
      await this.dataSource.initialize();
      const applied = await this.dataSource.runMigrations({ transaction: 'each' });
      for (const migration of applied) {
        this.logger.log(`Applied migration ${migration.name}`);
      }
      this.logger.log(`Connected to PostgreSQL${this.config.databaseUrl ? '' : ' (embedded)'}`);
      this.lastErrorMessage = undefined;
      for (const hook of this.readyHooks) await this.runHook(hook);
      return true;
    } catch (error) {
      const message = errorMessage(error);
      if (message !== this.lastErrorMessage) {
        this.logger.warn(`PostgreSQL unavailable, retrying every ${RETRY_DELAY_MS} ms: ${message}`);
      }
      this.lastErrorMessage = message;
      if (this.dataSource.isInitialized) {
        await this.dataSource.destroy().catch(() => undefined);
      }
      return false;
    }
  }

  private scheduleRetry(): void {
    if (this.shuttingDown) return;
    this.retryTimer = setTimeout(async () => {
      if (!(await this.connect())) this.scheduleRetry();
    }, RETRY_DELAY_MS);
    this.retryTimer.unref();
  }
}
