import { decodeCursor, encodeCursor } from './incident-cursor';

const ID = '3f1e0a52-4b8b-4c5e-9a1d-2b6f0c1d9e77';
const AT = '2026-03-01T09:30:00.123456Z';

describe('incident list cursor', () => {
  it('gives back the key of each sort, microseconds included', () => {
    for (const sort of ['newest', 'oldest', 'updated'] as const) {
      expect(decodeCursor(encodeCursor({ sort, at: AT, id: ID }), sort)).toEqual({
        sort,
        at: AT,
        id: ID,
      });
    }
    const key = { sort: 'severity' as const, rank: 2, at: AT, id: ID };
    expect(decodeCursor(encodeCursor(key), 'severity')).toEqual(key);
  });

  it('refuses a cursor of another sort, and anything it did not hand out', () => {
    const newest = encodeCursor({ sort: 'newest', at: AT, id: ID });
    expect(decodeCursor(newest, 'oldest')).toBeNull();
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const cases: [string, 'newest' | 'severity'][] = [
      ['not-base64-json', 'newest'],
      [forged(null), 'newest'],
      [forged({ s: 'newest', k: [AT] }), 'newest'],
      [forged({ s: 'newest', k: ['2026-02-31T09:30:00.123456Z', ID] }), 'newest'],
      [forged({ s: 'newest', k: [AT, "x' OR 1=1"] }), 'newest'],
      [forged({ s: 'severity', k: [9, AT, ID] }), 'severity'],
      [forged({ s: 'severity', k: ['0', AT, ID] }), 'severity'],
    ];
    for (const [raw, sort] of cases) expect(decodeCursor(raw, sort)).toBeNull();
    expect(decodeCursor(forged({ s: 'severity', k: [0, AT, ID] }), 'severity')).not.toBeNull();
  });
});
