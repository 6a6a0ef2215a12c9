import type ICALNamespace from 'ical.js';
import * as icalModule from 'ical.js';

import { PublicStatusModel, overallState } from './public-status-model';
import { renderAtomFeed, renderCalendar } from './render-feeds';
import { percent, renderStatusPage } from './render-page';

/** ical.js's CommonJS build exports its members directly; its types describe the ES default export. */
const ICAL = ((icalModule as { default?: typeof ICALNamespace }).default ??
  icalModule) as unknown as typeof ICALNamespace;

const now = new Date('2030-01-06T02:30:00Z');
const evil = '<script>alert(1)</script>';

function model(overrides: Partial<PublicStatusModel> = {}): PublicStatusModel {
  return {
    pageId: '6f1c2b0e-8d4a-4c3e-9b1a-2f5d7e9c0a11',
    slug: 'acme',
    name: `Acme ${evil}`,
    description: '',
    publicUrl: null,
    subscriptions: false,
    builtAt: '2030-01-06T02:29:00.000Z',
    groups: [
      {
        name: 'Core',
        components: [
          {
            name: `API ${evil}`,
            kind: 'monitor',
            targetId: 'm1',
            state: 'outage',
            days: null,
            latency: null,
          },
          {
            name: 'Web',
            kind: 'service',
            targetId: 's1',
            state: 'operational',
            days: null,
            latency: null,
          },
        ],
      },
    ],
    incidents: [],
    maintenance: [],
    postmortems: [],
    ...overrides,
  };
}

const weekly = {
  id: '0e0c8c4e-5a55-4a4b-9c2e-0a3c5d6e7f80',
  title: `Patch, "weekly"; ${evil}`,
  description: 'Line one\nLine two',
  startsAt: '2030-01-06T02:00:00.000Z',
  durationMinutes: 60,
  rrule: 'FREQ=WEEKLY;BYDAY=SU',
  recurrence: 'every week on Sunday',
  affects: ['m1'],
  windows: [{ start: '2030-01-06T02:00:00.000Z', end: '2030-01-06T03:00:00.000Z' }],
  createdAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-01T00:00:00.000Z',
};

describe('the public renderings', () => {
  it('says the worst state in words: major or partial outage, degraded, maintenance', () => {
    expect(overallState(['outage', 'outage', 'unknown'], 0)).toBe('major_outage');
    expect(overallState(['outage', 'operational'], 0)).toBe('partial_outage');
    expect(overallState(['operational'], 1)).toBe('degraded');
    expect(overallState(['maintenance', 'operational'], 0)).toBe('maintenance');
    expect(overallState(['operational', 'unknown'], 0)).toBe('operational');
  });

  it('escapes every name, and a window in progress puts its components under maintenance', () => {
    const plain = renderStatusPage(model(), now, { stale: false });
    expect(plain).not.toContain('<script>');
    expect(plain).toContain('API &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(plain).toMatch(/<h2 id="overall">\s*Partial outage\s*<\/h2>/);

    const maintained = renderStatusPage(model({ maintenance: [weekly] }), now, { stale: true });
    expect(maintained).toMatch(/<h2 id="overall">\s*Under maintenance\s*<\/h2>/);
    expect(maintained).toContain('Patch, &quot;weekly&quot;; &lt;script&gt;');
    expect(maintained).toMatch(/Live data cannot be read right now/);
  });

  it('never rounds a day with a failed check up to 100 %', () => {
    expect(percent(9999, 10000)).toBe('99.99');
    expect(percent(99999, 100000)).toBe('99.99');
    expect(percent(5, 5)).toBe('100.00');
  });

  it('writes an Atom feed with escaped text and without characters XML cannot carry', () => {
    const feed = renderAtomFeed(
      model({
        incidents: [
          {
            id: 'a1b2c3d4-0000-4000-8000-000000000001',
            title: `Down ${evil}`,
            status: 'investigating',
            createdAt: '2030-01-06T01:00:00.000Z',
            resolvedAt: null,
            updates: [
              {
                id: 'a1b2c3d4-0000-4000-8000-000000000002',
                status: 'investigating',
                message: 'bell \u0007 & <b>',
                createdAt: '2030-01-06T01:00:00.000Z',
              },
            ],
          },
        ],
      }),
    );
    expect(feed).toContain(
      '<title>Down &lt;script&gt;alert(1)&lt;/script&gt;: Investigating</title>',
    );
    expect(feed).toContain('<content type="text">bell  &amp; &lt;b&gt;</content>');
    expect(feed).not.toContain('\u0007');
  });

  it('writes an iCalendar an iCalendar reader takes, with the RRULE and escaped text', () => {
    const ics = renderCalendar(model({ maintenance: [weekly] }));
    expect(ics.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const [event] = new ICAL.Component(ICAL.parse(ics) as unknown[])
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v));
    expect(event.summary).toBe(weekly.title);
    expect(event.isRecurring()).toBe(true);
    expect(event.description).toBe(
      `Repeats every week on Sunday (UTC).\nAffects: API ${evil}.\nLine one\nLine two`,
    );
  });
});
