import type { PageStep, PageSummary } from '@hyperion/contracts';

import {
  NO_PAGES_YET,
  PAGES_LIMIT,
  PAGES_STALE_AFTER_MS,
  PagesState,
  acknowledgedText,
  applyPageChange,
  clockText,
  delayText,
  matchesFilter,
  pageProgress,
  pagesFreshness,
  pagesQuery,
  stepProblem,
  stepText,
  withChangesSince,
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
});

describe('live changes to the list', () => {
  const ids = (pages: readonly PageSummary[]) => pages.map((p) => p.id);
  const sentFirst = (id: string, extra: Partial<PageSummary> = {}) =>
    page(id, {
      steps: [
        step({ state: 'sent', deliveryId: 'd1', doneAt: '2026-12-07T02:12:03.000Z' }),
        step({ step: 1, delayMinutes: 30, dueAt: '2026-12-07T02:42:00.000Z' }),
      ],
      ...extra,
    });
  const waiting = (id: string, extra: Partial<PageSummary> = {}) =>
    page(id, {
      steps: [step({}), step({ step: 1, delayMinutes: 30, dueAt: '2026-12-07T02:42:00.000Z' })],
      ...extra,
    });

  it('puts a new page at the top when the filter shows it, and nowhere when it does not', () => {
    const list = [
      page('p2', { createdAt: '2026-12-07T02:10:00.000Z' }),
      page('p1', { createdAt: '2026-12-07T02:00:00.000Z' }),
    ];
    const fresh = page('p3', { createdAt: '2026-12-07T02:19:00.000Z' });
    expect(ids(applyPageChange(list, fresh, 'notifying'))).toEqual(['p3', 'p2', 'p1']);
    expect(ids(applyPageChange(list, fresh, ''))).toEqual(['p3', 'p2', 'p1']);
    expect(ids(applyPageChange(list, fresh, 'acknowledged'))).toEqual(['p2', 'p1']);
    // An older page that now matches ("nobody acknowledged") goes where its creation puts it.
    const older = page('p0', { state: 'exhausted', createdAt: '2026-12-07T02:05:00.000Z' });
    expect(ids(applyPageChange(list, older, ''))).toEqual(['p2', 'p0', 'p1']);
    // Never more than the API's list would hold.
    const full = Array.from({ length: PAGES_LIMIT }, (_, i) =>
      page(`old-${i}`, { createdAt: '2026-12-06T00:00:00.000Z' }),
    );
    const grown = applyPageChange(full, fresh, 'notifying');
    expect(grown).toHaveLength(PAGES_LIMIT);
    expect(grown[0].id).toBe('p3');
  });

  it('replaces a page shown in place when one of its steps ran', () => {
    const list = [waiting('p2'), waiting('p1')];
    const next = applyPageChange(list, sentFirst('p1'), 'notifying');
    expect(ids(next)).toEqual(['p2', 'p1']);
    expect(next[1].steps[0].state).toBe('sent');
    expect(list[1].steps[0].state).toBe('scheduled');
  });

  it('removes a page the filter no longer shows, unless it is kept (acknowledged here)', () => {
    const list = [page('p2'), page('p1')];
    const acked = page('p1', { state: 'acknowledged', acknowledgedAt: '2026-12-07T02:19:00Z' });
    expect(ids(applyPageChange(list, acked, 'notifying'))).toEqual(['p2']);
    expect(ids(applyPageChange(list, acked, ''))).toEqual(['p2', 'p1']);
    const kept = applyPageChange(list, acked, 'notifying', new Set(['p1']));
    expect(kept.map((p) => [p.id, p.state])).toEqual([
      ['p2', 'notifying'],
      ['p1', 'acknowledged'],
    ]);
  });

  it('ignores a copy older than the one shown (events and answers may cross)', () => {
    const acked = sentFirst('p1', { state: 'acknowledged' });
    expect(pageProgress(waiting('p1'))).toBeLessThan(pageProgress(sentFirst('p1')));
    expect(pageProgress(sentFirst('p1'))).toBeLessThan(pageProgress(acked));
    expect(pageProgress(sentFirst('p1', { state: 'exhausted' }))).toBeLessThan(pageProgress(acked));

    const shown = [sentFirst('p1')];
    expect(applyPageChange(shown, waiting('p1'), 'notifying')[0].steps[0].state).toBe('sent');
    expect(applyPageChange([acked], waiting('p1'), '')[0].state).toBe('acknowledged');
  });

  it('applies the changes received during a refresh to its answer', () => {
    // Asked before p3 was created and p1's first step ran; answered after.
    const answer = [waiting('p1', { createdAt: '2026-12-07T02:00:00.000Z' })];
    const changes = [
      page('p3', { createdAt: '2026-12-07T02:19:00.000Z' }),
      sentFirst('p1', { createdAt: '2026-12-07T02:00:00.000Z' }),
    ];
    const pages = withChangesSince(answer, changes, 'notifying');
    expect(ids(pages)).toEqual(['p3', 'p1']);
    expect(pages[1].steps[0].state).toBe('sent');
    // An answer already newer than a change keeps its own copy.
    const newer = [sentFirst('p1', { state: 'acknowledged' })];
    expect(withChangesSince(newer, [sentFirst('p1')], '')[0].state).toBe('acknowledged');
    // Acknowledged meanwhile: gone from "Notifying".
    expect(
      withChangesSince(answer, [sentFirst('p1', { state: 'acknowledged' })], 'notifying'),
    ).toEqual([]);
  });
});

describe('how fresh the pages are', () => {
  const loaded = (extra: Partial<PagesState> = {}): PagesState => ({
    pages: [page('p1')],
    fetchedAt: NOW - 12_000,
    askedAt: NOW - 12_100,
    error: null,
    failedAt: null,
    ...extra,
  });

  it('says "Live" while live updates flow and the list was asked for since they started', () => {
    const connected = NOW - 60_000;
    expect(pagesFreshness(loaded(), NOW, connected)).toEqual({
      text: 'Live: changes show as they happen',
      stale: false,
      live: true,
    });
    // Reconnected after the list was asked for: what happened meanwhile may be missing.
    expect(pagesFreshness(loaded(), NOW, NOW - 1_000)).toEqual({
      text: 'Updated 12 s ago',
      stale: false,
      live: false,
    });
  });

  it('says how old the list is, and that it is not live, when the socket is down', () => {
    expect(pagesFreshness(loaded(), NOW, null)).toEqual({
      text: 'Updated 12 s ago (live updates are off: asking every 15 s)',
      stale: false,
      live: false,
    });
    expect(pagesFreshness(NO_PAGES_YET, NOW, NOW - 60_000)).toEqual({
      text: 'Loading…',
      stale: false,
      live: false,
    });
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
      live: false,
    });
    // Live or not: a refresh that failed is said.
    expect(pagesFreshness(state, NOW, NOW - 60_000).stale).toBe(true);
    expect(pagesFreshness({ ...NO_PAGES_YET, error: 'Forbidden.', failedAt: NOW }, NOW)).toEqual({
      text: 'Could not load the pages: Forbidden.',
      stale: true,
      live: false,
    });
  });

  it('is stale when the list is old, even without an error', () => {
    const old = loaded({ fetchedAt: NOW - PAGES_STALE_AFTER_MS - 5_000 });
    expect(pagesFreshness(old, NOW, NOW - 600_000)).toEqual({
      text: 'Not updated since 50 s ago: refreshing…',
      stale: true,
      live: false,
    });
  });
});
