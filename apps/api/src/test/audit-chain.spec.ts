import { createHash } from 'node:crypto';

import { AUDIT_CHAIN_GENESIS, AuditService, AuditVerificationProcessor } from '@hyperion/api/audit';
import {
  DATABASE_URLS,
  DatabaseUrls,
  dataSourceOptions,
  loadConfig,
  RequestContext,
  SYSTEM_ACTOR,
} from '@hyperion/api/core';
import { createScratchDatabase } from '@hyperion/api/testing';
import {
  AUDIT_ROUTES,
  AuditVerification,
  AUTH_ROUTES,
  JOBS,
  ORGANIZATION_ROUTES,
  QUEUES,
  TokenPair,
} from '@hyperion/contracts';
import { getQueueToken } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { DATABASE_SCHEMA, ENTITIES } from '../app/domains';
import { createUser, unique } from './auth-helpers';
import { adminToken, loginAs, queryDb, startTestApp, TestApp } from './test-app';

interface ChainedRow {
  id: string;
  chain_seq: string;
  prev_hash: string;
  hash: string;
}

/**
 * Issue 7, item 8 (done-means 3): every audit row is chained per organisation (sequence number,
 * previous hash, SHA-256 of its canonical content), computed in the database so that parallel
 * inserts form one line; /audit/verify names the first broken link when a row is altered or
 * deleted directly in PostgreSQL by its owner; the nightly job logs an alert line.
 *
 * Each scenario that tampers gets an organisation of its own: the run's database is shared.
 */
describe('tamper-evident audit chain', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  const as = (token: string) => ({
    get: (path: string) => request(t.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object) =>
      request(t.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
  });

  /** A new organisation (through the API) and the admin's token acting in it. */
  async function organization(): Promise<{ id: string; token: string }> {
    // Switching moves the admin's session to the new organisation: start from a fresh one.
    admin = await adminToken(t);
    const created = await as(admin).post(ORGANIZATION_ROUTES.platformOrganizations, {
      name: unique('Chain'),
      slug: unique('chain').toLowerCase(),
    });
    expect(created.status).toBe(201);
    const switched = await as(admin).post(ORGANIZATION_ROUTES.switch, {
      organizationId: created.body.id,
    });
    expect(switched.status).toBe(200);
    return { id: created.body.id, token: (switched.body as TokenPair).accessToken };
  }

  /** `count` entries in the organisation's chain, written as a request would. */
  async function entries(organizationId: string, count: number): Promise<void> {
    const audit = t.app.get(AuditService);
    await RequestContext.run(
      { organizationId, ip: '192.0.2.10', userAgent: 'chain-spec' },
      async () => {
        for (let i = 0; i < count; i++) {
          await audit.record({
            actor: { ...SYSTEM_ACTOR, organizationId },
            action: 'service_control',
            target: `service:n${i}`,
            result: 'success',
            details: { n: i, nested: { b: [1, 'two', null], a: true } },
          });
        }
      },
    );
  }

  const chainOf = (organizationId: string) =>
    queryDb<ChainedRow>(
      t,
      `SELECT id::text, chain_seq::text, prev_hash, hash FROM audit_log a
        WHERE organization_id = $1 ORDER BY a.chain_seq`,
      [organizationId],
    );

  const verify = async (token: string): Promise<AuditVerification> => {
    const res = await as(token).get(AUDIT_ROUTES.verify);
    expect(res.status).toBe(200);
    return res.body as AuditVerification;
  };

  /** A change as the database owner would make it, with the append-only trigger silenced. */
  async function asOwnerBehindTheTrigger(sql: string, params: unknown[]): Promise<void> {
    const client = new Client({ connectionString: t.config.databaseUrl });
    await client.connect();
    try {
      await client.query(`SET session_replication_role = replica`);
      await client.query(sql, params);
    } finally {
      await client.end();
    }
  }

  it('chains each row to the previous one with the documented SHA-256', async () => {
    const org = await organization();
    await entries(org.id, 3);
    const rows = await chainOf(org.id);
    expect(rows.map((r) => r.chain_seq)).toEqual(rows.map((_, i) => String(i + 1)));
    expect(rows[0].prev_hash).toBe(AUDIT_CHAIN_GENESIS);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);

    // The format of chain/audit-chain-format.ts, computed here independently of the database.
    const last = rows[rows.length - 1];
    const [row] = await queryDb<Record<string, string>>(
      t,
      `SELECT id::text, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
              correlation_id
         FROM audit_log WHERE id = $1`,
      [last.id],
    );
    const canonical = JSON.stringify([
      'hyperion-audit/1',
      last.chain_seq,
      last.prev_hash,
      row['id'],
      org.id,
      row['at'],
      'system',
      'system',
      'system',
      'service_control',
      'service:n2',
      '192.0.2.10',
      'chain-spec',
      'success',
      row['correlation_id'],
      { n: 2, nested: { a: true, b: [1, 'two', null] } },
    ]);
    expect(createHash('sha256').update(canonical, 'utf8').digest('hex')).toBe(last.hash);
    expect(row['at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('answers ok with the number of rows for an untouched chain', async () => {
    const org = await organization();
    await entries(org.id, 7);
    const rows = await chainOf(org.id);
    const result = await verify(org.token);
    expect(result).toMatchObject({ ok: true, checked: rows.length, firstBroken: null });
    expect(rows.length).toBeGreaterThanOrEqual(7);
    expect(Date.parse(result.verifiedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('keeps one linear chain under 50 parallel audited requests in one organisation', async () => {
    const org = await organization();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        as(org.token).post(AUTH_ROUTES.roles, {
          name: unique('par').toLowerCase(),
          permissions: ['alerts:read'],
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    const rows = await chainOf(org.id);
    const created = await queryDb<{ n: number }>(
      t,
      `SELECT count(*)::int AS n FROM audit_log WHERE organization_id = $1 AND action = 'role_created'`,
      [org.id],
    );
    expect(created[0].n).toBe(50);
    // One line: 1..n without a gap or a repeat, each linked to the one before.
    expect(rows.map((r) => Number(r.chain_seq))).toEqual(rows.map((_, i) => i + 1));
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    expect(await verify(org.token)).toMatchObject({ ok: true, checked: rows.length });
  });

  it('names a row altered directly in PostgreSQL by its owner', async () => {
    const org = await organization();
    await entries(org.id, 5);
    const rows = await chainOf(org.id);
    const victim = rows[rows.length - 3];
    await asOwnerBehindTheTrigger(
      `UPDATE audit_log SET result = 'failure', details = '{"n": 99}' WHERE id = $1`,
      [victim.id],
    );
    const result = await verify(org.token);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({
      id: victim.id,
      reason: expect.stringMatching(/altered/),
    });
    expect(result.checked).toBe(Number(victim.chain_seq));
  });

  it('names the next row when an altered row got its own hash recomputed', async () => {
    const org = await organization();
    await entries(org.id, 4);
    const rows = await chainOf(org.id);
    const [victim, next] = [rows[1], rows[2]];
    await asOwnerBehindTheTrigger(
      `UPDATE audit_log SET actor_name = 'someone else' WHERE id = $1`,
      [victim.id],
    );
    await asOwnerBehindTheTrigger(`UPDATE audit_log a SET hash = audit_log_hash(a) WHERE id = $1`, [
      victim.id,
    ]);
    const result = await verify(org.token);
    expect(result.firstBroken).toMatchObject({
      id: next.id,
      reason: expect.stringMatching(/link/),
    });
  });

  it('names the row after a deleted one, and notices the newest rows deleted', async () => {
    const middle = await organization();
    await entries(middle.id, 5);
    const rows = await chainOf(middle.id);
    await asOwnerBehindTheTrigger(`DELETE FROM audit_log WHERE id = $1`, [rows[2].id]);
    const result = await verify(middle.token);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toMatchObject({
      id: rows[3].id,
      reason: expect.stringContaining(`sequence number ${rows[2].chain_seq} is missing`),
    });

    const tail = await organization();
    await entries(tail.id, 4);
    const tailRows = await chainOf(tail.id);
    const newest = tailRows[tailRows.length - 1];
    await asOwnerBehindTheTrigger(`DELETE FROM audit_log WHERE id = $1`, [newest.id]);
    const truncated = await verify(tail.token);
    expect(truncated.ok).toBe(false);
    expect(truncated.firstBroken).toMatchObject({
      id: newest.id,
      reason: expect.stringMatching(/newest row is missing/),
    });
  });

  it('verifies the instance chain for platform administrators only', async () => {
    admin = await adminToken(t);
    await request(t.url)
      .post(AUTH_ROUTES.login)
      .send({ username: unique('ghost'), password: 'whatever-123' })
      .expect(401);
    const res = await as(admin).get(`${AUDIT_ROUTES.platform}/verify`).expect(200);
    expect(res.body).toMatchObject({ ok: true, firstBroken: null });
    expect(res.body.checked).toBeGreaterThan(0);

    const viewer = await createUser(t, admin, ['viewer']);
    const token = (await loginAs(t, viewer.username, viewer.password)).accessToken;
    await as(token).get(`${AUDIT_ROUTES.platform}/verify`).expect(403);
    await as(token).get(AUDIT_ROUTES.verify).expect(403);
  });

  it('lets the application role append, but not choose a hash or move a chain head', async () => {
    const org = await organization();
    await entries(org.id, 1);
    const before = await chainOf(org.id);
    const urls = t.app.get<DatabaseUrls>(DATABASE_URLS);
    const app = new Client({ connectionString: urls.app });
    await app.connect();
    const attempt = async (sql: string, params: unknown[] = []) => {
      await app.query('BEGIN');
      try {
        await app.query(`SELECT set_config('hyperion.organization_id', $1, true)`, [org.id]);
        const res = await app.query(sql, params);
        await app.query('COMMIT');
        return res.rows;
      } catch (error) {
        await app.query('ROLLBACK');
        return (error as Error).message;
      }
    };
    try {
      const [forged] = (await attempt(
        `INSERT INTO audit_log (organization_id, actor_type, action, result, chain_seq, prev_hash, hash)
         VALUES ($1, 'system', 'service_control', 'success', 1, $2, $2)
         RETURNING chain_seq::text, prev_hash, hash`,
        [org.id, 'f'.repeat(64)],
      )) as ChainedRow[];
      expect(forged.chain_seq).toBe(String(before.length + 1));
      expect(forged.prev_hash).toBe(before[before.length - 1].hash);
      expect(forged.hash).not.toBe('f'.repeat(64));
      expect(await attempt(`UPDATE audit_chain_head SET last_seq = 1`)).toMatch(
        /permission denied/,
      );
      expect(await attempt(`DELETE FROM audit_chain_head`)).toMatch(/permission denied/);
      expect(
        await attempt(`INSERT INTO audit_chain_head VALUES ('instance', 1, $1, 1, now())`, [
          '0'.repeat(64),
        ]),
      ).toMatch(/row-level security/);
      // Its own organisation's head only.
      expect(await attempt(`SELECT chain FROM audit_chain_head`)).toEqual([{ chain: org.id }]);
    } finally {
      await app.end();
    }
    expect(await verify(org.token)).toMatchObject({ ok: true, checked: before.length + 1 });
  });

  it('the nightly job logs an alert line for a broken chain and nothing for sound ones', async () => {
    const sound = await organization();
    await entries(sound.id, 2);
    const broken = await organization();
    await entries(broken.id, 3);
    const victim = (await chainOf(broken.id))[1];
    await asOwnerBehindTheTrigger(`UPDATE audit_log SET target = 'x' WHERE id = $1`, [victim.id]);
    const countRows = async () =>
      (
        await queryDb<{ n: number }>(
          t,
          `SELECT count(*)::int AS n FROM audit_log WHERE organization_id = ANY($1)`,
          [[sound.id, broken.id]],
        )
      )[0].n;
    const before = await countRows();

    const errors: string[] = [];
    const spy = jest
      .spyOn(Logger.prototype, 'error')
      .mockImplementation((message: unknown) => void errors.push(String(message)));
    try {
      const result = await t.app.get(AuditVerificationProcessor).verifyEveryChain();
      expect(result.broken.map((c) => c.organizationId)).toContain(broken.id);
      expect(result.broken.map((c) => c.organizationId)).not.toContain(sound.id);
    } finally {
      spy.mockRestore();
    }
    expect(errors).toContainEqual(
      expect.stringMatching(
        new RegExp(`^AUDIT CHAIN BROKEN org=${broken.id} row=${victim.id} reason="content altered`),
      ),
    );
    expect(errors.some((e) => e.includes(sound.id))).toBe(false);
    // It only reads: nothing was recorded in these organisations.
    expect(await countRows()).toBe(before);
  });

  it('schedules the nightly job once per deployment, at AUDIT_VERIFY_TIME (UTC)', async () => {
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.auditVerification));
    const repeatable = async (q: Queue) =>
      (await q.getRepeatableJobs()).filter((j) => j.name === JOBS.verifyAuditChains);
    let jobs = await repeatable(queue);
    for (let i = 0; i < 50 && jobs.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      jobs = await repeatable(queue);
    }
    expect(jobs).toEqual([expect.objectContaining({ cron: '30 3 * * *', tz: 'UTC' })]);

    // A second instance of the same deployment with another time: one schedule, the new one.
    const second = await startTestApp({
      REDIS_PREFIX: t.config.redisPrefix,
      AUDIT_VERIFY_TIME: '04:15',
    });
    try {
      const other = second.app.get<Queue>(getQueueToken(QUEUES.auditVerification));
      let now = await repeatable(other);
      for (let i = 0; i < 50 && !(now.length === 1 && now[0].cron === '15 4 * * *'); i++) {
        await new Promise((r) => setTimeout(r, 100));
        now = await repeatable(other);
      }
      expect(now).toEqual([expect.objectContaining({ cron: '15 4 * * *', tz: 'UTC' })]);
    } finally {
      await second.close();
    }
  });

  it('refuses an AUDIT_VERIFY_TIME that is not a time of day, naming it', () => {
    expect(() => loadConfig({ AUDIT_VERIFY_TIME: '25:00' })).toThrow(
      /AUDIT_VERIFY_TIME must be a UTC time of day as HH:MM/,
    );
    expect(loadConfig({}).auditVerifyTime).toBe('03:30');
  });
});

describe('the chain migration on a database with rows already', () => {
  it('chains the existing rows of every organisation and the instance', async () => {
    const scratch = await createScratchDatabase();
    const migrations = DATABASE_SCHEMA.migrations as (new () => { name: string })[];
    // Every migration before the chain's (later ones may depend on it).
    const before = migrations.slice(
      0,
      migrations.findIndex((m) => /^AuditHashChain\d{13}$/.test(m.name)),
    );
    expect(before.length).toBeGreaterThan(0);
    const older = new DataSource({ ...dataSourceOptions(scratch.url), migrations: before });
    await older.initialize();
    try {
      await older.runMigrations({ transaction: 'each' });
      const [{ id: other }] = await older.query(
        `INSERT INTO organization (name, slug) VALUES ('Other', 'other') RETURNING id`,
      );
      await older.query(
        `INSERT INTO audit_log (organization_id, actor_type, action, result, details)
         SELECT CASE WHEN n % 3 = 0 THEN NULL WHEN n % 3 = 1 THEN $1::uuid
                     ELSE (SELECT id FROM organization WHERE slug = 'default') END,
                'system', 'service_control', 'success', jsonb_build_object('n', n, 'z', 'é')
           FROM generate_series(1, 30) AS n`,
        [other],
      );
    } finally {
      await older.destroy();
    }

    const all = new DataSource({
      ...dataSourceOptions(scratch.url),
      entities: ENTITIES,
      migrations: DATABASE_SCHEMA.migrations,
    });
    await all.initialize();
    try {
      await all.runMigrations({ transaction: 'each' });
      const chains = await all.query(
        `SELECT coalesce(organization_id::text, 'instance') AS chain,
                array_agg(chain_seq ORDER BY id) AS seqs,
                bool_and(hash = audit_log_hash(a)) AS hashes_match,
                count(*)::int AS n
           FROM audit_log a GROUP BY 1`,
      );
      expect(chains).toHaveLength(3);
      for (const chain of chains) {
        expect(chain.n).toBe(10);
        expect(chain.seqs.map(Number)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
        expect(chain.hashes_match).toBe(true);
      }
      const broken = await all.query(
        `SELECT a.id FROM audit_log a JOIN audit_log p
            ON p.organization_id IS NOT DISTINCT FROM a.organization_id
           AND p.chain_seq = a.chain_seq - 1
         WHERE a.prev_hash <> p.hash`,
      );
      expect(broken).toEqual([]);
      const heads = await all.query(
        `SELECT h.chain FROM audit_chain_head h JOIN audit_log a ON a.id = h.last_id
          WHERE a.hash = h.last_hash AND a.chain_seq = h.last_seq AND h.last_seq = 10`,
      );
      expect(heads).toHaveLength(3);
      // A row appended after the migration continues its chain.
      const [next] = await all.query(
        `INSERT INTO audit_log (actor_type, action, result) VALUES ('system', 'login', 'success')
         RETURNING chain_seq::text`,
      );
      expect(next.chain_seq).toBe('11');
    } finally {
      await all.destroy();
      await scratch.drop();
    }
  });
});
