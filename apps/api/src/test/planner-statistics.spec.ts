import { DATABASE_URLS, DatabaseUrls, PlannerStatistics } from '@hyperion/api/core';
import { Client } from 'pg';

import { queryDb, startTestApp, TestApp } from './test-app';

/** The index the ingest's alert lookup must use: the organisation's alert of each key. */
const KEY_INDEX = 'alert_organization_dedup_key_key';

/**
 * A table that grew from nothing in seconds (an alert storm in a new organisation) is planned
 * as if each organisation held a few of its rows until it is analyzed: the ingest's lookup of a
 * batch's keys then reads the organisation's whole table. The statistics keeper analyzes such a
 * table at once, so the lookup goes through the key's index.
 */
describe('planner statistics of a table that just grew', () => {
  let t: TestApp;
  let app: Client;
  let organizationId: string;
  const keys = ['storm-10', 'storm-500', 'storm-1500', 'storm-"quoted"', 'storm-back\\slash'];

  beforeAll(async () => {
    t = await startTestApp();
    const urls = t.app.get<DatabaseUrls>(DATABASE_URLS);
    app = new Client({ connectionString: urls.app });
    await app.connect();
    [{ id: organizationId }] = await queryDb<{ id: string }>(
      t,
      `INSERT INTO "organization" ("name", "slug") VALUES ('Storm', $1) RETURNING "id"`,
      [`storm-${Date.now()}`],
    );
  });

  afterAll(async () => {
    if (organizationId) {
      await queryDb(t, `DELETE FROM "organization" WHERE "id" = $1`, [organizationId]);
    }
    await app?.end();
    await t?.close();
  });

  /** The plan of the ingest's lookup, as the application role in the storm's organisation. */
  async function lookupPlan(): Promise<string> {
    await app.query('BEGIN');
    try {
      await app.query(`SELECT set_config('hyperion.organization_id', $1, true)`, [organizationId]);
      const literal = `{${keys.map((k) => `"${k.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
      const rows = (
        await app.query(
          `EXPLAIN (FORMAT JSON) SELECT a."id" FROM "alert" a
            WHERE a."organization_id" = $1 AND a."dedup_key" = ANY($2::text[])`,
          [organizationId, literal],
        )
      ).rows as { 'QUERY PLAN': unknown }[];
      return JSON.stringify(rows[0]['QUERY PLAN']);
    } finally {
      await app.query('ROLLBACK');
    }
  }

  it('analyzes the alerts table once it doubled, and the lookup then uses the key index', async () => {
    const stats = t.app.get(PlannerStatistics);
    const [{ known }] = await queryDb<{ known: number }>(
      t,
      `SELECT greatest(reltuples, 0)::int AS known FROM pg_class WHERE oid = 'alert'::regclass`,
    );
    const rows = Math.max(3000, 2 * known + 1000);
    await queryDb(
      t,
      `INSERT INTO "alert" ("organization_id", "dedup_key", "summary", "source", "severity",
                            "urgency", "event_type", "state", "labels", "annotations",
                            "custom_details", "links", "origin", "occurrences", "first_seen_at",
                            "last_seen_at", "changed_at")
       SELECT $1, 'storm-' || i, 'disk full on host ' || i, 'bench', 'low', 'low', 'trigger',
              'triggered', '{}', '{}', '{}', '[]', 'events', 1, now(), now(), now()
         FROM generate_series(1, $2) AS i`,
      [organizationId, rows],
    );
    // The statistics system counts the new rows within a second or so of their commit.
    let analyzed: string[] = [];
    for (let i = 0; i < 40 && !analyzed.includes('alert'); i++) {
      analyzed = await stats.refresh();
      if (!analyzed.includes('alert')) await new Promise((r) => setTimeout(r, 250));
    }
    expect(analyzed).toContain('alert');
    const plan = await lookupPlan();
    expect(plan).toContain(KEY_INDEX);
    expect(plan).not.toContain('Bitmap Heap Scan');
    // Nothing grew since: the next refresh analyzes nothing.
    expect(await stats.refresh()).not.toContain('alert');
  });

  it('is callable by the application role, and analyzes nothing below its threshold', async () => {
    const own = await app.query('SELECT hyperion_refresh_statistics(1000000000) AS t');
    expect(own.rows).toEqual([]);
  });
});
