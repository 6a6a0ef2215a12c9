import { RECURRENCE_PRESETS, buildRrule, parseRrule, recurrenceInWords } from './recurrence';

describe('recurrence', () => {
  it('builds the RRULE of each preset, and reads it back', () => {
    expect(RECURRENCE_PRESETS.map((p) => buildRrule(p.parts))).toEqual([
      'FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0',
      'FREQ=DAILY;BYHOUR=3;BYMINUTE=0',
      'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=22;BYMINUTE=0',
    ]);
    expect(parseRrule('FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0')).toEqual({
      frequency: 'WEEKLY',
      days: ['SU'],
      time: '02:00',
    });
    expect(buildRrule({ frequency: 'WEEKLY', days: ['SU', 'MO'], time: '07:05' })).toBe(
      'FREQ=WEEKLY;BYDAY=MO,SU;BYHOUR=7;BYMINUTE=5',
    );
  });

  it('says a rule in words, and shows one it cannot read as it is', () => {
    expect(
      recurrenceInWords({
        rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=22;BYMINUTE=0',
        durationMinutes: 30,
        timeZone: 'UTC',
      }),
    ).toBe('Monday to Friday at 22:00 for 30 min (UTC)');
    expect(
      recurrenceInWords({
        rrule: 'FREQ=MONTHLY;BYMONTHDAY=1',
        durationMinutes: 60,
        timeZone: 'UTC',
      }),
    ).toBe('FREQ=MONTHLY;BYMONTHDAY=1 for 1 h (UTC)');
  });
});
