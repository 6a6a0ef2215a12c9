import type { OnCallNow } from '@hyperion/contracts';

import {
  NOTHING_YET,
  OnCallState,
  STALE_AFTER_MS,
  ago,
  freshness,
  sourceText,
  untilText,
} from './on-call-status';

const NOW = Date.parse('2026-12-07T02:00:00Z');

const answer = (extra: Partial<OnCallNow> = {}): OnCallNow => ({
  scheduleId: 's1',
  at: '2026-12-07T02:00:00.000Z',
  contactId: 'alice',
  contactName: 'Alice',
  source: 'Primary',
  shiftStart: '2026-12-01T08:00:00.000Z',
  shiftEnd: '2026-12-08T08:00:00.000Z',
  ...extra,
});

const fresh = (extra: Partial<OnCallState> = {}): OnCallState => ({
  answer: answer(),
  fetchedAt: NOW - 12_000,
  error: null,
  failedAt: null,
  ...extra,
});

describe('on call now', () => {
  it('says how old the answer is', () => {
    expect(freshness(fresh(), NOW)).toEqual({ text: 'Updated 12 s ago', stale: false });
    expect(freshness(NOTHING_YET, NOW)).toEqual({ text: 'Loading…', stale: false });
    expect(ago(NOW - 2_000, NOW)).toBe('just now');
    expect(ago(NOW - 180_000, NOW)).toBe('3 min ago');
    expect(ago(NOW - 7_300_000, NOW)).toBe('2 h ago');
  });

  it('is stale when the last refresh failed, saying why and how old what is shown is', () => {
    const state = fresh({
      fetchedAt: NOW - 95_000,
      error: 'Cannot reach Hyperion — check your connection.',
      failedAt: NOW - 4_000,
    });
    expect(freshness(state, NOW)).toEqual({
      text:
        'Could not refresh just now: Cannot reach Hyperion — check your connection. ' +
        'Showing the answer from 1 min ago.',
      stale: true,
    });
    expect(freshness({ ...NOTHING_YET, error: 'Boom.', failedAt: NOW }, NOW)).toEqual({
      text: 'Could not load who is on call: Boom.',
      stale: true,
    });
  });

  it('is stale when the answer is old or its shift has ended', () => {
    expect(freshness(fresh({ fetchedAt: NOW - STALE_AFTER_MS - 1_000 }), NOW).stale).toBe(true);
    const ended = fresh({ answer: answer({ shiftEnd: '2026-12-07T01:59:00.000Z' }) });
    expect(freshness(ended, NOW)).toEqual({
      text: 'This shift has ended: checking who is on call now…',
      stale: true,
    });
  });

  it('says until when, in the schedule’s zone, and "at least" at the edge of what is computed', () => {
    expect(untilText(answer(), 'Europe/Paris', NOW)).toBe('until Tue 8 Dec, 09:00 CET');
    expect(untilText(answer(), 'America/New_York', NOW)).toBe('until Tue 8 Dec, 03:00 EST');
    expect(untilText(answer({ shiftEnd: '2027-03-07T02:00:00.000Z' }), 'UTC', NOW)).toBe(
      'until at least Sun 7 Mar 2027, 02:00 UTC',
    );
    expect(
      untilText(answer({ contactId: null, contactName: null, shiftEnd: null }), 'UTC', NOW),
    ).toBeNull();
  });

  it('names where the shift comes from', () => {
    expect(sourceText('override')).toBe('Override');
    expect(sourceText('Primary')).toBe('Rotation “Primary”');
    expect(sourceText(null)).toBe('');
  });
});
