import { UnitOfWork } from '@hyperion/api/core';
import { Injectable } from '@nestjs/common';

import { chainKey } from './audit-chain-format';
import { ChainHead, ChainRow } from './chain-walk';

interface RawRow {
  id: string;
  seq: string;
  prev_hash: string;
  hash: string;
  computed: string;
  occurred_at: Date;
}

/**
 * Reads the hash chains, always inside a unit of work: of the chain's organisation (row-level
 * security shows it that organisation's rows and head only) or of platform scope (every chain).
 */
@Injectable()
export class AuditChainRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async head(organizationId: string | null): Promise<ChainHead | null> {
    const [row] = (await this.uow.manager.query(
      `SELECT last_seq::text AS last_seq, last_hash, last_id::text AS last_id, last_occurred_at
         FROM audit_chain_head WHERE chain = $1`,
      [chainKey(organizationId)],
    )) as { last_seq: string; last_hash: string; last_id: string; last_occurred_at: Date }[];
    return row
      ? {
          lastSeq: row.last_seq,
          lastHash: row.last_hash,
          lastId: row.last_id,
          lastOccurredAt: row.last_occurred_at,
        }
      : null;
  }

  /**
   * Up to `limit` rows after sequence number `afterSeq` (and at most `upToSeq`), in order, each
   * with the hash of its content recomputed by the database (`audit_log_hash`, the trigger's).
   */
  async rows(
    organizationId: string | null,
    afterSeq: string,
    upToSeq: string | null,
    limit: number,
  ): Promise<ChainRow[]> {
    const params: unknown[] = [afterSeq, limit];
    let chain = 'a.organization_id IS NULL';
    if (organizationId !== null) {
      params.push(organizationId);
      chain = `a.organization_id = $${params.length}`;
    }
    let bound = '';
    if (upToSeq !== null) {
      params.push(upToSeq);
      bound = `AND a.chain_seq <= $${params.length}`;
    }
    const rows = (await this.uow.manager.query(
      `SELECT a.id::text AS id, a.chain_seq::text AS seq, a.prev_hash, a.hash,
              audit_log_hash(a) AS computed, a.occurred_at
         FROM audit_log a
        WHERE ${chain} AND a.chain_seq > $1 ${bound}
        ORDER BY a.chain_seq
        LIMIT $2`,
      params,
    )) as RawRow[];
    return rows.map((r) => ({
      id: r.id,
      seq: r.seq,
      prevHash: r.prev_hash,
      hash: r.hash,
      computed: r.computed,
      occurredAt: r.occurred_at,
    }));
  }

  /**
   * Every chain there is (platform scope): the organisations with a head or with rows (a loose
   * index scan, one probe per organisation, so rows whose head was removed are found too), and
   * the instance chain.
   */
  async chains(): Promise<(string | null)[]> {
    const heads = (await this.uow.manager.query(`SELECT chain FROM audit_chain_head`)) as {
      chain: string;
    }[];
    const withRows = (await this.uow.manager.query(
      `WITH RECURSIVE orgs AS (
         (SELECT organization_id FROM audit_log WHERE organization_id IS NOT NULL
           ORDER BY organization_id LIMIT 1)
         UNION ALL
         SELECT (SELECT a.organization_id FROM audit_log a
                  WHERE a.organization_id > orgs.organization_id
                  ORDER BY a.organization_id LIMIT 1)
           FROM orgs WHERE orgs.organization_id IS NOT NULL
       )
       SELECT organization_id::text AS id FROM orgs WHERE organization_id IS NOT NULL`,
    )) as { id: string }[];
    const organizations = new Set([
      ...heads.map((h) => h.chain).filter((c) => c !== chainKey(null)),
      ...withRows.map((r) => r.id),
    ]);
    return [null, ...[...organizations].sort()];
  }
}
