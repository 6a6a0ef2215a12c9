import {
  Actor,
  assembleSchema,
  CoreModule,
  DatabaseLifecycle,
  DomainDefinition,
  RequestContext,
} from '@hyperion/api/core';
import type { AnyPermission } from '@hyperion/contracts';
import type { INestApplication, ModuleMetadata, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { rmSync } from 'node:fs';
import { Client } from 'pg';

import { testConfig, testEndpoints } from './test-environment';

export interface MediumTest {
  app: INestApplication;
  /** A provider of the module under test. */
  get<T>(type: Type<T>): T;
  /** A new organisation (inserted as the owner), with a unique slug; returns its id. */
  createOrganization(name?: string): Promise<string>;
  /** Runs `fn` as `actor` acting in `organizationId`, as a request would. */
  as<T>(organizationId: string, fn: () => Promise<T>, actor?: Partial<Actor>): Promise<T>;
  /** A query as the database owner (outside row-level security): checks and fixtures. */
  ownerQuery<R extends object = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
  ): Promise<R[]>;
  close(): Promise<void>;
}

/**
 * A "medium" test (immich's term): the domain's real Nest module, its services and repositories,
 * on this run's real PostgreSQL (migrated, connected as the application role, so row-level
 * security applies) and Redis, without HTTP. `domains` are the domains whose migrations the
 * schema needs (usually AuthDomain, AuditDomain and the domain under test); `imports` are the
 * modules to load (usually just the domain's own).
 */
export async function startMediumTest(options: {
  domains: readonly DomainDefinition[];
  imports: ModuleMetadata['imports'];
  providers?: ModuleMetadata['providers'];
  env?: Record<string, string>;
}): Promise<MediumTest> {
  const endpoints = testEndpoints();
  const config = testConfig(options.env);
  const schema = assembleSchema(options.domains);
  const moduleRef = await Test.createTestingModule({
    imports: [
      CoreModule.forRoot(
        config,
        {
          databaseUrl: endpoints.databaseUrl,
          embeddedDatabase: false,
          redisUrl: endpoints.redisUrl,
        },
        { migrations: schema.migrations, appendOnlyTables: schema.appendOnlyTables },
      ),
      ...(options.imports ?? []),
    ],
    providers: options.providers ?? [],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  await app.init();
  if (!(await app.get(DatabaseLifecycle).connect())) {
    throw new Error(`The test database did not come up: ${app.get(DatabaseLifecycle).lastError}`);
  }

  const ownerQuery = async <R extends object>(sql: string, params: unknown[] = []) => {
    const client = new Client({ connectionString: endpoints.databaseUrl });
    await client.connect();
    try {
      return (await client.query<R>(sql, params)).rows;
    } finally {
      await client.end();
    }
  };

  let counter = 0;
  return {
    app,
    get: (type) => app.get(type),
    ownerQuery,
    async createOrganization(name = 'Test organisation') {
      const slug = `t-${Date.now().toString(36)}-${process.pid}-${counter++}`;
      const [row] = await ownerQuery<{ id: string }>(
        `INSERT INTO organization (name, slug) VALUES ($1, $2) RETURNING id`,
        [name, slug],
      );
      return row.id;
    },
    as(organizationId, fn, actor = {}) {
      const full: Actor = {
        type: 'system',
        id: 'system',
        name: 'test',
        permissions: [] as AnyPermission[],
        sessionId: null,
        ...actor,
        organizationId,
      };
      return RequestContext.run({ actor: full, organizationId }, fn);
    },
    async close() {
      await app.close();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}
