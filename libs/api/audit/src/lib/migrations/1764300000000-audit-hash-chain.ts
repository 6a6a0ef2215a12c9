import { MigrationInterface, QueryRunner } from 'typeorm';

import { AUDIT_CHAIN_GENESIS } from '../chain/audit-chain-format';

/**
 * The tamper-evident chain of the audit log (see chain/audit-chain-format.ts for the exact
 * serialisation). One chain per organisation and one for instance-level rows; each row gets its
 * chain's next sequence number, the previous row's hash and the SHA-256 of its canonical content.
 *
 * Why in the database, in a BEFORE INSERT trigger, rather than in application code:
 * - every insert is chained, whoever writes it (tx.audit, AuditService.record, raw SQL), and the
 *   hash covers exactly what PostgreSQL stores (a string the driver had to re-encode, a number in
 *   jsonb), so verification never trips over a representation the application did not foresee;
 * - the chain head lives in `audit_chain_head`, which only the owner may write: the trigger runs
 *   as its owner (SECURITY DEFINER), so the application role can append rows but can neither
 *   move a head nor choose the hash or sequence number of the rows it inserts;
 * - parallel inserts of one chain are serialised by a transaction-scoped advisory lock on that
 *   chain (and the head row's lock), so they form one line, never a fork; other chains do not
 *   wait. The lock is held until the inserting transaction ends, as it must be: the next row
 *   links to this one only once it is committed. `lock_timeout` turns a wait that could never
 *   end (an unexpected lock cycle) into an error instead of a hang.
 */
export class AuditHashChain1764300000000 implements MigrationInterface {
  name = 'AuditHashChain1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "audit_log" ADD "chain_seq" BIGINT, ADD "prev_hash" VARCHAR(64), ADD "hash" VARCHAR(64)`,
    );
    await q.query(`
      CREATE TABLE "audit_chain_head" (
        "chain" VARCHAR(40) PRIMARY KEY,
        "last_seq" BIGINT NOT NULL,
        "last_hash" VARCHAR(64) NOT NULL,
        "last_id" BIGINT NOT NULL,
        "last_occurred_at" TIMESTAMPTZ NOT NULL
      )`);
    // Row-level security without FORCE and without a write policy: the owner (the trigger)
    // writes, the application role reads its own organisation's head (or all in platform scope)
    // and writes nothing. UPDATE/DELETE/TRUNCATE are also revoked (AuditDomain.appendOnlyTables).
    await q.query(`ALTER TABLE "audit_chain_head" ENABLE ROW LEVEL SECURITY`);
    await q.query(`
      CREATE POLICY "audit_chain_head_read" ON "audit_chain_head" FOR SELECT
      USING ("chain" = hyperion_current_org()::text OR hyperion_platform_scope())`);

    await q.query(`
      CREATE FUNCTION "audit_canonical_json"(value jsonb) RETURNS text
      LANGUAGE plpgsql IMMUTABLE STRICT AS $$
      DECLARE
        out text;
      BEGIN
        CASE jsonb_typeof(value)
          WHEN 'object' THEN
            SELECT '{' || coalesce(string_agg(to_jsonb(e.key)::text || ':' ||
                                              public.audit_canonical_json(e.value),
                                              ',' ORDER BY e.key COLLATE "C"), '') || '}'
              INTO out FROM jsonb_each(value) AS e;
          WHEN 'array' THEN
            SELECT '[' || coalesce(string_agg(public.audit_canonical_json(e.value), ','
                                              ORDER BY e.ord), '') || ']'
              INTO out FROM jsonb_array_elements(value) WITH ORDINALITY AS e(value, ord);
          ELSE
            out := value::text;
        END CASE;
        RETURN out;
      END $$`);
    await q.query(`
      CREATE FUNCTION "audit_log_canonical"(r "audit_log") RETURNS text
      LANGUAGE sql STABLE AS $$
        SELECT public.audit_canonical_json(jsonb_build_array(
          'hyperion-audit/1'::text, r.chain_seq::text, r.prev_hash, r.id::text,
          r.organization_id::text,
          to_char(r.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          r.actor_type, r.actor_id, r.actor_name, r.action, r.target, r.ip, r.user_agent,
          r.result, r.correlation_id, r.details))
      $$`);
    await q.query(`
      CREATE FUNCTION "audit_log_hash"(r "audit_log") RETURNS text
      LANGUAGE sql STABLE AS $$
        SELECT encode(sha256(convert_to(public.audit_log_canonical(r), 'UTF8')), 'hex')
      $$`);

    // Existing rows: one chain per organisation (and the instance's), in id order.
    await q.query(`ALTER TABLE "audit_log" DISABLE TRIGGER "audit_log_no_update_delete"`);
    await q.query(`ALTER TABLE "audit_log" NO FORCE ROW LEVEL SECURITY`);
    await q.query(`
      DO $$
      DECLARE
        r public.audit_log;
        chain_org uuid;
        started boolean := false;
        seq bigint := 0;
        prev text := '${AUDIT_CHAIN_GENESIS}';
      BEGIN
        FOR r IN SELECT * FROM public.audit_log ORDER BY organization_id NULLS FIRST, id LOOP
          IF NOT started OR r.organization_id IS DISTINCT FROM chain_org THEN
            started := true;
            chain_org := r.organization_id;
            seq := 0;
            prev := '${AUDIT_CHAIN_GENESIS}';
          END IF;
          seq := seq + 1;
          r.chain_seq := seq;
          r.prev_hash := prev;
          r.hash := public.audit_log_hash(r);
          UPDATE public.audit_log SET chain_seq = r.chain_seq, prev_hash = r.prev_hash, hash = r.hash
           WHERE id = r.id;
          prev := r.hash;
        END LOOP;
      END $$`);
    await q.query(`
      INSERT INTO "audit_chain_head" ("chain", "last_seq", "last_hash", "last_id", "last_occurred_at")
      SELECT DISTINCT ON ("organization_id")
             coalesce("organization_id"::text, 'instance'), "chain_seq", "hash", "id", "occurred_at"
        FROM "audit_log" ORDER BY "organization_id", "chain_seq" DESC`);
    await q.query(`ALTER TABLE "audit_log" FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE "audit_log" ENABLE TRIGGER "audit_log_no_update_delete"`);
    await q.query(
      `ALTER TABLE "audit_log" ALTER "chain_seq" SET NOT NULL, ALTER "prev_hash" SET NOT NULL,
         ALTER "hash" SET NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "audit_log_chain_idx" ON "audit_log" ("organization_id", "chain_seq")`,
    );
    // organization_id NULL is never equal in a unique index: the instance chain gets its own.
    await q.query(
      `CREATE UNIQUE INDEX "audit_log_instance_chain_idx" ON "audit_log" ("chain_seq")
       WHERE "organization_id" IS NULL`,
    );

    await q.query(`
      CREATE FUNCTION "audit_log_chain"() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER
      SET search_path = public, pg_temp
      SET lock_timeout = '10s'
      AS $$
      DECLARE
        chain_key text := coalesce(NEW.organization_id::text, 'instance');
        head public.audit_chain_head%ROWTYPE;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('hyperion:audit-chain'), hashtext(chain_key));
        SELECT * INTO head FROM public.audit_chain_head WHERE chain = chain_key FOR UPDATE;
        IF FOUND THEN
          NEW.chain_seq := head.last_seq + 1;
          NEW.prev_hash := head.last_hash;
        ELSE
          NEW.chain_seq := 1;
          NEW.prev_hash := '${AUDIT_CHAIN_GENESIS}';
        END IF;
        NEW.hash := public.audit_log_hash(NEW);
        INSERT INTO public.audit_chain_head AS h (chain, last_seq, last_hash, last_id, last_occurred_at)
        VALUES (chain_key, NEW.chain_seq, NEW.hash, NEW.id, NEW.occurred_at)
        ON CONFLICT (chain) DO UPDATE
          SET last_seq = EXCLUDED.last_seq, last_hash = EXCLUDED.last_hash,
              last_id = EXCLUDED.last_id, last_occurred_at = EXCLUDED.last_occurred_at;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER "audit_log_chain" BEFORE INSERT ON "audit_log"
      FOR EACH ROW EXECUTE FUNCTION "audit_log_chain"()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "audit_log_chain" ON "audit_log"`);
    await q.query(`DROP FUNCTION "audit_log_chain"()`);
    await q.query(`DROP INDEX "audit_log_instance_chain_idx"`);
    await q.query(`DROP INDEX "audit_log_chain_idx"`);
    await q.query(`DROP FUNCTION "audit_log_hash"("audit_log")`);
    await q.query(`DROP FUNCTION "audit_log_canonical"("audit_log")`);
    await q.query(`DROP FUNCTION "audit_canonical_json"(jsonb)`);
    await q.query(`DROP TABLE "audit_chain_head"`);
    await q.query(
      `ALTER TABLE "audit_log" DROP COLUMN "hash", DROP COLUMN "prev_hash", DROP COLUMN "chain_seq"`,
    );
  }
}
