import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';

import { AppConfig } from '../config/app-config';
import { errorMessage } from '../runtime/startup-error';
import { dataSourceOptions } from './data-source-options';
import { ensureAppRole, unsafeAppRole } from './database-roles';
import { DATABASE_SCHEMA, DATABASE_URLS, DatabaseSchema, DatabaseUrls } from './database-schema';

/** Serialises migrations and role set-up when several instances start together. */
const MIGRATION_LOCK = 'hyperion:migrate';

const RETRY_DELAY_MS = 2000;

/**
 * At start-up: migrates as the owner, creates or checks the application role, then connects
 * the application's DataSource as that role (so row-level security applies to every query). When PostgreSQL does not
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
    @Inject(DATABASE_SCHEMA) private readonly schema: DatabaseSchema,
    @Inject(DATABASE_URLS) private readonly urls: DatabaseUrls,
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
      await this.migrate();
      await this.dataSource.initialize();
      const unsafe = await unsafeAppRole(this.dataSource);
      if (unsafe) {
        throw new Error(
          `the application's database role must not bypass row-level security, but ${unsafe} (DATABASE_APP_URL)`,
        );
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

  /** Migrations and the application role, as the owner, one instance at a time. */
  private async migrate(): Promise<void> {
    const owner = new DataSource({
      ...dataSourceOptions(this.urls.owner),
      migrations: this.schema.migrations,
      extra: { max: 2, connectionTimeoutMillis: 3000 },
    });
    await owner.initialize();
    const lock = owner.createQueryRunner();
    try {
      await lock.connect();
      await lock.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK]);
      const applied = await owner.runMigrations({ transaction: 'each' });
      for (const migration of applied) {
        this.logger.log(`Applied migration ${migration.name}`);
      }
      if (this.urls.managedAppRole) {
        await ensureAppRole(lock, this.urls.appRole, this.urls.appPassword, this.schema);
      }
      await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK]);
    } finally {
      await lock.release();
      await owner.destroy();
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
