import { AUDIT_CHAIN_GENESIS } from './audit-chain-format';

/** One row of a chain as verification reads it, with the hash recomputed from its content. */
export interface ChainRow {
  id: string;
  /** chain_seq, as a decimal string (bigint). */
  seq: string;
  prevHash: string;
  hash: string;
  /** The hash of the row's content as stored now. */
  computed: string;
  occurredAt: Date;
}

/** The chain's head as recorded when the row was appended. */
export interface ChainHead {
  lastSeq: string;
  lastHash: string;
  lastId: string;
  lastOccurredAt: Date;
}

export interface BrokenLink {
  id: string;
  occurredAt: string;
  reason: string;
}

/**
 * Walks one chain in sequence order, batch by batch, and names the first broken link: a
 * sequence number missing (rows deleted), a row whose content no longer matches its hash (an
 * altered row), a row whose `prev_hash` is not the previous row's hash (a row replaced or
 * re-chained), or rows missing at the end (the head says there were more). Pure: no I/O.
 */
export class ChainWalk {
  private expectedSeq = 1n;
  private previousHash = AUDIT_CHAIN_GENESIS;
  private lastSeq = 0n;
  private lastRow: ChainRow | null = null;
  checked = 0;
  broken: BrokenLink | null = null;

  /** The sequence number after which the next batch starts. */
  get position(): string {
    return this.lastSeq.toString();
  }

  /** Feeds the next rows (in ascending `seq`); false once a broken link was found. */
  feed(rows: readonly ChainRow[]): boolean {
    for (const row of rows) {
      if (this.broken) return false;
      const seq = BigInt(row.seq);
      this.lastSeq = seq;
      this.lastRow = row;
      if (seq !== this.expectedSeq) {
        const missing =
          seq - this.expectedSeq === 1n
            ? `sequence number ${this.expectedSeq} is missing`
            : `sequence numbers ${this.expectedSeq} to ${seq - 1n} are missing`;
        this.fail(row, `${missing} before this row (rows were deleted)`);
        return false;
      }
      this.checked++;
      if (row.computed !== row.hash) {
        this.fail(row, 'content altered: the row no longer matches its hash');
        return false;
      }
      if (row.prevHash !== this.previousHash) {
        this.fail(row, "broken link: prev_hash is not the previous row's hash");
        return false;
      }
      this.previousHash = row.hash;
      this.expectedSeq = seq + 1n;
    }
    return this.broken === null;
  }

  /** After the last batch: the walk must end where the head says the chain ends. */
  finish(head: ChainHead | null): BrokenLink | null {
    if (this.broken) return this.broken;
    if (!head) {
      // Rows without a head: the head row was removed (only the owner can).
      if (this.lastRow) this.fail(this.lastRow, 'the chain head is missing');
      return this.broken;
    }
    const headSeq = BigInt(head.lastSeq);
    const reached = this.expectedSeq - 1n;
    if (reached < headSeq) {
      const count = headSeq - reached;
      this.broken = {
        id: head.lastId,
        occurredAt: head.lastOccurredAt.toISOString(),
        reason: `the newest ${count === 1n ? 'row is' : `${count} rows are`} missing: the chain head is at sequence number ${headSeq}, the rows end at ${reached}`,
      };
    } else if (this.previousHash !== head.lastHash) {
      this.broken = {
        id: head.lastId,
        occurredAt: head.lastOccurredAt.toISOString(),
        reason: "the chain head's hash does not match the newest row's hash",
      };
    }
    return this.broken;
  }

  private fail(row: ChainRow, reason: string): void {
    this.broken = { id: row.id, occurredAt: row.occurredAt.toISOString(), reason };
  }
}
