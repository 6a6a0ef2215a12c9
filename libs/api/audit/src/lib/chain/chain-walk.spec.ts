import { AUDIT_CHAIN_GENESIS } from './audit-chain-format';
import { ChainRow, ChainWalk } from './chain-walk';

const at = new Date('2026-11-21T06:00:00.000Z');
const hash = (n: number) => n.toString(16).padStart(64, '0');

/** A sound chain of `n` rows (ids 100, 101 ...). */
function chain(n: number): ChainRow[] {
  return Array.from({ length: n }, (_, i) => ({
    id: String(100 + i),
    seq: String(i + 1),
    prevHash: i === 0 ? AUDIT_CHAIN_GENESIS : hash(i),
    hash: hash(i + 1),
    computed: hash(i + 1),
    occurredAt: at,
  }));
}

const head = (rows: ChainRow[]) => ({
  lastSeq: rows[rows.length - 1].seq,
  lastHash: rows[rows.length - 1].hash,
  lastId: rows[rows.length - 1].id,
  lastOccurredAt: at,
});

describe('ChainWalk', () => {
  it('accepts a sound chain fed in batches and counts its rows', () => {
    const rows = chain(5);
    const walk = new ChainWalk();
    expect(walk.feed(rows.slice(0, 2))).toBe(true);
    expect(walk.position).toBe('2');
    expect(walk.feed(rows.slice(2))).toBe(true);
    expect(walk.finish(head(rows))).toBeNull();
    expect(walk.checked).toBe(5);
  });

  it('accepts an empty chain', () => {
    const walk = new ChainWalk();
    expect(walk.feed([])).toBe(true);
    expect(walk.finish(null)).toBeNull();
    expect(walk.checked).toBe(0);
  });

  it('names an altered row', () => {
    const rows = chain(4);
    rows[2] = { ...rows[2], computed: hash(999) };
    const walk = new ChainWalk();
    expect(walk.feed(rows)).toBe(false);
    expect(walk.broken).toMatchObject({ id: '102', reason: expect.stringMatching(/altered/) });
    expect(walk.checked).toBe(3);
  });

  it('names the row whose link does not match the previous hash', () => {
    const rows = chain(4);
    rows[3] = { ...rows[3], prevHash: hash(77) };
    const walk = new ChainWalk();
    walk.feed(rows);
    expect(walk.finish(head(rows))).toMatchObject({
      id: '103',
      reason: expect.stringMatching(/link/),
    });
  });

  it('names the row after deleted ones, with the missing sequence numbers', () => {
    const rows = chain(6);
    const walk = new ChainWalk();
    walk.feed([...rows.slice(0, 1), ...rows.slice(3)]);
    expect(walk.broken).toMatchObject({
      id: '103',
      reason: expect.stringContaining('sequence numbers 2 to 3 are missing'),
    });
  });

  it('notices rows missing at the end, and a head that does not match', () => {
    const rows = chain(5);
    const truncated = new ChainWalk();
    truncated.feed(rows.slice(0, 3));
    expect(truncated.finish(head(rows))).toMatchObject({
      id: '104',
      reason: expect.stringContaining('the newest 2 rows are missing'),
    });

    const mismatched = new ChainWalk();
    mismatched.feed(rows);
    expect(mismatched.finish({ ...head(rows), lastHash: hash(5555) })).toMatchObject({
      reason: expect.stringMatching(/head's hash/),
    });

    const headless = new ChainWalk();
    headless.feed(rows);
    expect(headless.finish(null)).toMatchObject({ id: '104', reason: 'the chain head is missing' });
  });
});
