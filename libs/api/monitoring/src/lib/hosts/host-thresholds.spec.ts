import {
  foldThresholds,
  ThresholdLimits,
  ThresholdReading,
  ThresholdState,
} from './host-thresholds';

const limits: ThresholdLimits = { cpu: 80, memory: 85, disk: 90, forSeconds: 300 };
const start = Date.parse('2026-03-01T09:00:00Z');

/** Folds one reading every 60 s from a fresh state; answers each step's changes, as text. */
function run(
  readings: (Partial<ThresholdReading> | null)[],
  l: ThresholdLimits = limits,
): string[] {
  let state: ThresholdState = {};
  return readings.map((r, i) => {
    const reading = r ? { cpu: 10, memory: 10, disk: 10, ...r } : null;
    const folded = foldThresholds(state, l, reading, new Date(start + i * 60_000));
    state = folded.state;
    return folded.changes.map((c) => `${c.action} ${c.condition}`).join(', ');
  });
}

describe('host thresholds', () => {
  it('raise once a figure has stayed above its limit for the duration, and only once', () => {
    // Above from minute 0: 5 minutes lasted at minute 5.
    expect(
      run([
        { cpu: 95 },
        { cpu: 95 },
        { cpu: 91 },
        { cpu: 99 },
        { cpu: 85 },
        { cpu: 90 },
        { cpu: 97 },
        { cpu: 96 },
      ]),
    ).toEqual(['', '', '', '', '', 'trigger cpu', '', '']);
  });

  it('never raise for a figure that flaps below its limit: each dip starts the run over', () => {
    const flapping = Array.from({ length: 12 }, (_, i) => ({ memory: i % 4 === 3 ? 85 : 95 }));
    expect(run(flapping).every((c) => c === '')).toBe(true);
  });

  it('resolve at the first sample at or below the limit, and may raise again later', () => {
    const above = { disk: 92 };
    expect(run([above, above, above, above, above, above, { disk: 90 }, above])).toEqual([
      '',
      '',
      '',
      '',
      '',
      'trigger disk',
      'resolve disk',
      '',
    ]);
  });

  it('raise at once with no duration, and watch each condition apart', () => {
    expect(
      run(
        [
          { cpu: 81, memory: 86 },
          { cpu: 50, memory: 99 },
        ],
        { ...limits, forSeconds: 0 },
      ),
    ).toEqual(['trigger cpu, trigger memory', 'resolve cpu']);
  });

  it('keep a raised condition through failed samples, and start unraised runs over', () => {
    const steps = [
      { cpu: 95 },
      { cpu: 95 },
      null,
      { cpu: 95 },
      { cpu: 95 },
      { cpu: 95 },
      { cpu: 95 },
      { cpu: 95 },
      { cpu: 95 },
      null,
      { cpu: 95 },
      { cpu: 10 },
    ];
    // The failure at minute 2 restarts the run: raised at minute 3 + 5 = 8, kept through minute 9.
    expect(run(steps)).toEqual([
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      'trigger cpu',
      '',
      '',
      'resolve cpu',
    ]);
  });

  it('resolve what a limit turned off had raised, and a host without file systems never alerts on disk', () => {
    let state: ThresholdState = {};
    for (let i = 0; i <= 5; i++) {
      state = foldThresholds(
        state,
        limits,
        { cpu: 99, memory: 1, disk: null },
        new Date(start + i * 60_000),
      ).state;
    }
    expect(state).toMatchObject({ cpu: { raised: true }, disk: { raised: false } });
    const off = foldThresholds(
      state,
      { ...limits, cpu: null },
      { cpu: 99, memory: 1, disk: null },
      new Date(start + 6 * 60_000),
    );
    expect(off.changes).toEqual([{ condition: 'cpu', action: 'resolve', value: 99, limit: null }]);
  });
});
