import { foldCheck, MonitorStanding } from './monitor-verdict';

/** Runs checks in order from a fresh monitor; answers each verdict's transition and state. */
function run(retries: number, checks: boolean[]): string[] {
  let standing: MonitorStanding = { state: 'pending', failures: 0, retries };
  return checks.map((up) => {
    const v = foldCheck(standing, up);
    standing = { state: v.state, failures: v.failures, retries };
    return `${v.state}${v.transition ? `!${v.transition}` : ''}`;
  });
}

describe('a monitor verdict', () => {
  it('goes DOWN only after more failures in a row than its retries, and says so once', () => {
    expect(run(2, [true, false, false, false, false, false])).toEqual([
      'up',
      'up',
      'up',
      'down!down',
      'down',
      'down',
    ]);
  });

  it('goes DOWN at the first failure with no retries', () => {
    expect(run(0, [true, false])).toEqual(['up', 'down!down']);
  });

  it('comes back UP at the first success, once, and a success between failures resets the count', () => {
    expect(run(1, [false, false, true, true, false, true, false, false])).toEqual([
      'pending',
      'down!down',
      'up!up',
      'up',
      'up',
      'up',
      'up',
      'down!down',
    ]);
  });

  it('stays DOWN while a failing check is within the retries of a monitor already down', () => {
    expect(foldCheck({ state: 'down', failures: 0, retries: 3 }, false)).toEqual({
      state: 'down',
      failures: 1,
      transition: null,
    });
  });
});
