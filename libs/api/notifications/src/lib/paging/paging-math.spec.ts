import { planSteps, quietHoursEnd, rulesFor } from './paging-math';

// Hand-computed answers. Europe/Paris is UTC+1 in winter, UTC+2 in summer; on 2026-03-29 the
// clocks jump from 02:00 to 03:00, on 2026-10-25 they fall back from 03:00 to 02:00.
const PARIS = 'Europe/Paris';
const at = (iso: string) => new Date(iso);

describe('quietHoursEnd', () => {
  const night = { from: '22:00', to: '07:00' };

  it('is null outside the quiet hours, and without quiet hours', () => {
    expect(quietHoursEnd(at('2026-01-15T12:00:00Z'), night, PARIS)).toBeNull();
    expect(quietHoursEnd(at('2026-01-15T23:00:00Z'), null, PARIS)).toBeNull();
    expect(
      quietHoursEnd(at('2026-01-15T23:00:00Z'), { from: '08:00', to: '08:00' }, PARIS),
    ).toBeNull();
  });

  it('ends the next morning for a page before midnight (overnight window)', () => {
    // 23:30 Paris on the 15th → 07:00 Paris on the 16th = 06:00Z.
    expect(quietHoursEnd(at('2026-01-15T22:30:00Z'), night, PARIS)).toEqual(
      at('2026-01-16T06:00:00Z'),
    );
  });

  it('ends the same morning for a page after midnight', () => {
    // 03:00 Paris on the 16th → 07:00 Paris = 06:00Z.
    expect(quietHoursEnd(at('2026-01-16T02:00:00Z'), night, PARIS)).toEqual(
      at('2026-01-16T06:00:00Z'),
    );
  });

  it('knows the zone: 07:00 Paris is 05:00Z in summer', () => {
    expect(quietHoursEnd(at('2026-07-01T01:00:00Z'), night, PARIS)).toEqual(
      at('2026-07-01T05:00:00Z'),
    );
  });

  it('crosses the spring-forward night: a page at 01:30 (UTC+1) waits until 07:00 (UTC+2)', () => {
    expect(quietHoursEnd(at('2026-03-29T00:30:00Z'), night, PARIS)).toEqual(
      at('2026-03-29T05:00:00Z'),
    );
  });

  it('handles a daytime window (from before to)', () => {
    const lunch = { from: '12:00', to: '13:30' };
    expect(quietHoursEnd(at('2026-01-15T11:15:00Z'), lunch, PARIS)).toEqual(
      at('2026-01-15T12:30:00Z'),
    );
    expect(quietHoursEnd(at('2026-01-15T12:30:00Z'), lunch, PARIS)).toBeNull();
  });
});

describe('rulesFor', () => {
  const preferences = {
    highUrgency: [
      { delayMinutes: 10, kind: 'voice' as const },
      { delayMinutes: 0, kind: 'slack' as const },
      { delayMinutes: 5, kind: 'sms' as const },
    ],
    lowUrgency: [],
  };

  it("follows the person's rules for the urgency, in time order", () => {
    expect(rulesFor(preferences, 'high', { email: 'a@example.com', phone: null })).toEqual([
      { delayMinutes: 0, kind: 'slack' },
      { delayMinutes: 5, kind: 'sms' },
      { delayMinutes: 10, kind: 'voice' },
    ]);
  });

  it('without rules, high urgency escalates as the monitoring document says: email, SMS at 15 min, call at 30', () => {
    const none = { highUrgency: [], lowUrgency: [] };
    expect(rulesFor(none, 'high', { email: 'a@example.com', phone: '+33612345678' })).toEqual([
      { delayMinutes: 0, kind: 'email' },
      { delayMinutes: 15, kind: 'sms' },
      { delayMinutes: 30, kind: 'voice' },
    ]);
    expect(rulesFor(none, 'high', { email: null, phone: '+33612345678' })).toEqual([
      { delayMinutes: 0, kind: 'sms' },
      { delayMinutes: 30, kind: 'voice' },
    ]);
    expect(rulesFor(none, 'high', { email: 'a@example.com', phone: null })).toEqual([
      { delayMinutes: 0, kind: 'email' },
    ]);
  });

  it('without rules, low urgency sends one email, else one SMS, else nothing', () => {
    expect(rulesFor(preferences, 'low', { email: 'a@example.com', phone: '+33612345678' })).toEqual(
      [{ delayMinutes: 0, kind: 'email' }],
    );
    expect(rulesFor(preferences, 'low', { email: null, phone: '+33612345678' })).toEqual([
      { delayMinutes: 0, kind: 'sms' },
    ]);
    expect(rulesFor(preferences, 'low', { email: null, phone: null })).toEqual([]);
  });
});

describe('planSteps', () => {
  const rules = [
    { delayMinutes: 0, kind: 'slack' as const },
    { delayMinutes: 5, kind: 'sms' as const },
  ];
  const quiet = { from: '22:00', to: '07:00' };

  it('puts each step its delay after the start', () => {
    const start = at('2026-01-15T12:00:00Z');
    expect(
      planSteps(rules, start, 60_000, { urgency: 'high', quietHours: quiet, timeZone: PARIS }),
    ).toEqual([
      { step: 0, delayMinutes: 0, kind: 'slack', dueAt: at('2026-01-15T12:00:00Z') },
      { step: 1, delayMinutes: 5, kind: 'sms', dueAt: at('2026-01-15T12:05:00Z') },
    ]);
  });

  it('holds a low-urgency page until the quiet hours end, never a high-urgency one', () => {
    const start = at('2026-01-15T23:00:00Z'); // midnight in Paris
    const low = planSteps(rules, start, 60_000, {
      urgency: 'low',
      quietHours: quiet,
      timeZone: PARIS,
    });
    expect(low.map((s) => s.dueAt)).toEqual([
      at('2026-01-16T06:00:00Z'),
      at('2026-01-16T06:05:00Z'),
    ]);
    const high = planSteps(rules, start, 60_000, {
      urgency: 'high',
      quietHours: quiet,
      timeZone: PARIS,
    });
    expect(high[0].dueAt).toEqual(start);
  });

  it('scales minutes (tests and drills shorten them)', () => {
    const start = at('2026-01-15T12:00:00Z');
    expect(
      planSteps(rules, start, 1000, { urgency: 'high', quietHours: null, timeZone: PARIS })[1]
        .dueAt,
    ).toEqual(at('2026-01-15T12:00:05Z'));
  });
});
