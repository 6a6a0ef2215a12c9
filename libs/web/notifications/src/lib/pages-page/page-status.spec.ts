import type { PageStep, PageSummary } from '@hyperion/contracts';

import {
  NO_PAGES_YET,
  PAGES_STALE_AFTER_MS,
  PagesState,
  acknowledgedText,
  clockText,
  delayText,
  matchesFilter,
  pagesFreshness,
  pagesQuery,
  stepProblem,
  stepText,
  withPage,
} from './page-status';

const ZONE = 'Europe/Paris';
// 03:20 in Paris.
const NOW = Date.parse('2026-12-07T02:20:00Z');

const step = (extra: Partial<PageStep>): PageStep => ({
  step: 0,
  delayMinutes: 0,
  kind: 'sms',
  dueAt: '2026-12-07T02:12:00.000Z',
  state: 'scheduled',
  deliveryId: null,
  reason: null,
  doneAt: null,
  ...extra,
});

const page = (id: string, extra: Partial<PageSummary> = {}): PageSummary => ({
  id,
  contactId: 'c-alice',
  contactName: 'Alice',
  scheduleId: null,
  urgency: 'high',
  state: 'notifying',
  title: 'Database down',
  summary: '',
  severity: 'critical',
  service: 'PostgreSQL',
  dedupKey: null,
  steps: [],
  createdAt: '2026-12-07T02:12:00.000Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
  ...extra,
});

describe('page steps in words', () => {
  it('says when, how and what became of each step', () => {
    const sent = step({
      state: 'sent',
      deliveryId: 'd1',
      doneAt: '2026-12-07T02:12:03.000Z',
    });
    expect(stepText(sent, ZONE, NOW)).toBe('At once · SMS · sent at 03:12 CET');

    const later = step({ delayMinutes: 5, kind: 'email', dueAt: '2026-12-07T02:25:00.000Z' });
    expect(stepText(later, ZONE, NOW)).toBe('After 5 min · Email · scheduled at 03:25 CET');

    const skipped = step({
      delayMinutes: 10,
      kind: 'voice',
      state: 'skipped',
      reason: 'the contact has no phone number',
    });
    expect(stepText(skipped, ZONE, NOW)).toBe(
      'After 10 min · Voice call · skipped: the contact has no phone number',
    );

    const cancelled = step({ delayMinutes: 90, state: 'cancelled', reason: 'acknowledged' });
    expect(stepText(cancelled, ZONE, NOW)).toBe(
      'After 1 h 30 min · SMS · cancelled: acknowledged first',
    );
  });

  it('flags a step that did not reach the person, or is late', () => {
    // Due eight minutes ago and still not sent: the queue is behind.
    const late = step({ dueAt: '2026-12-07T02:12:00.000Z' });
    expect(stepText(late, ZONE, NOW)).toBe('At once · SMS · due at 03:12 CET, not sent yet');
    expect(stepProblem(late, NOW)).toBe(true);
    expect(stepProblem(step({ state: 'skipped', reason: 'x' }), NOW)).toBe(true);
    expect(stepProblem(step({ state: 'sent', doneAt: '2026-12-07T02:12:03.000Z' }), NOW)).toBe(
      false,
    );
    expect(stepProblem(step({ dueAt: '2026-12-07T02:30:00.000Z' }), NOW)).toBe(false);
  });

  it('names the day when it is not today, and reads delays as minutes and hours', () => {
    expect(clockText('2026-12-08T06:00:00.000Z', ZONE, NOW)).toBe('Tue 8 Dec, 07:00 CET');
    expect(clockText('2027-01-02T06:00:00.000Z', ZONE, NOW)).toBe('Sat 2 Jan 2027, 07:00 CET');
    expect(delayText(0)).toBe('at once');
    expect(delayText(45)).toBe('after 45 min');
    expect(delayText(120)).toBe('after 2 h');
  });

  it('says who acknowledged, and when', () => {
    const acked = { acknowledgedAt: '2026-12-07T02:14:00.000Z', acknowledgedBy: 'u-me' };
    expect(acknowledgedText(acked, 'u-me', ZONE, NOW)).toBe('Acknowledged at 03:14 CET by you');
    expect(acknowledgedText(acked, 'u-other', ZONE, NOW)).toBe(
      'Acknowledged at 03:14 CET by another user',
    );
    expect(acknowledgedText({ ...acked, acknowledgedBy: null }, 'u-me', ZONE, NOW)).toBe(
      'Acknowledged at 03:14 CET through the API',
    );
    expect(
      acknowledgedText({ acknowledgedAt: null, acknowledgedBy: null }, 'u-me', ZONE, NOW),
    ).toBeNull();
  });
});

describe('the state filter', () => {
  it('asks the API for the state chosen, or for every state', () => {
    expect(pagesQuery('notifying')).toEqual({ state: 'notifying', limit: 100 });
    expect(pagesQuery('')).toEqual({ limit: 100 });
    expect(matchesFilter(page('p1', { state: 'acknowledged' }), 'notifying')).toBe(false);
    expect(matchesFilter(page('p1', { state: 'acknowledged' }), '')).toBe(true);
  });

  it('puts a new page first only when the filter shows it, and replaces a known one in place', () => {
    const list = [page('p2'), page('p1')];
    expect(withPage(list, page('p3'), 'notifying').map((p) => p.id)).toEqual(['p3', 'p2', 'p1']);
    expect(withPage(list, page('p3'), 'acknowledged').map((p) => p.id)).toEqual(['p2', 'p1']);
    // Acknowledged here: it stays in view, acknowledged, until the next refresh.
    const acked = withPage(list, page('p1', { state: 'acknowledged' }), 'notifying');
    expect(acked.map((p) => [p.id, p.state])).toEqual([
      ['p2', 'notifying'],
      ['p1', 'acknowledged'],
    ]);
  });
});

describe('how fresh the pages are', () => {
  const loaded = (extra: Partial<PagesState> = {}): PagesState => ({
    pages: [page('p1')],
    fetchedAt: NOW - 12_000,
    error: null,
    failedAt: null,
    ...extra,
  });

  it('says how old the list is', () => {
    expect(pagesFreshness(loaded(), NOW)).toEqual({ text: 'Updated 12 s ago', stale: false });
    expect(pagesFreshness(NO_PAGES_YET, NOW)).toEqual({ text: 'Loading…', stale: false });
  });

  it('is stale when a refresh failed, keeping the list and saying how old it is', () => {
    const state = loaded({
      fetchedAt: NOW - 40_000,
      error: 'Cannot reach Hyperion — check your connection.',
      failedAt: NOW - 3_000,
    });
    expect(pagesFreshness(state, NOW)).toEqual({
      text: 'Could not refresh just now: Cannot reach Hyperion — check your connection. Showing the pages from 40 s ago.',
      stale: true,
    });
    expect(pagesFreshness({ ...NO_PAGES_YET, error: 'Forbidden.', failedAt: NOW }, NOW)).toEqual({
      text: 'Could not load the pages: Forbidden.',
      stale: true,
    });
  });

  it('is stale when the list is old, even without an error', () => {
    const old = loaded({ fetchedAt: NOW - PAGES_STALE_AFTER_MS - 5_000 });
    expect(pagesFreshness(old, NOW)).toEqual({
      text: 'Not updated since 50 s ago: refreshing…',
      stale: true,
    });
  });
});
