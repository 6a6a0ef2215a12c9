import { testEndpoints } from '@hyperion/api/testing';
import { Client } from 'pg';

import { arrayLiteral } from './alert-row';
import { sqlLiteral } from './alert-store';

/**
 * The ingest writes its values into its SQL as literals (one round trip for many statements):
 * whatever a sender puts in a key or a summary must come back from PostgreSQL unchanged, never
 * as SQL.
 */
describe('ingest SQL literals', () => {
  let client: Client;
  const hostile = [
    '',
    'plain',
    "it's",
    "'; DROP TABLE alert; --",
    'back\\slash',
    "both \\' quote",
    '"double" quotes',
    'NULL',
    '{braces},commas',
    'ünïcödé ☃ 𝄞',
    'line\nbreak\ttab',
    JSON.stringify({ summary: 'a "quoted" \\ thing', n: 1 }),
  ];

  beforeAll(async () => {
    client = new Client({ connectionString: testEndpoints().databaseUrl });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
  });

  it.each(hostile)('reads %j back as it was, as a string literal', async (value) => {
    const { rows } = await client.query(`SELECT ${sqlLiteral(client, value)}::text AS v`);
    expect(rows[0].v).toBe(value);
  });

  it('reads every key back from an array literal, in order, none of them NULL', async () => {
    const { rows } = await client.query(
      `SELECT k FROM unnest(${sqlLiteral(client, arrayLiteral(hostile))}::text[]) WITH ORDINALITY AS t(k, i) ORDER BY i`,
    );
    expect(rows.map((r) => r.k)).toEqual(hostile);
  });
});
