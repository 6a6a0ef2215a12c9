import { foldCheck, foldSlow, MonitorStanding, SlowStanding } from './monitor-verdict';

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

/** A check for `foldSlow`: a latency (UP), or `down` (a failed check). */
type Check = number | 'down' | 'unmeasured';

/**
 * Runs checks in order from a monitor that is not slow, with this threshold (null: off) and
 * retries; answers each verdict as `slow`/`ok` with its transition and count, e.g. `slow!slow:2`.
 */
function runSlow(threshold: number | null, retries: number, checks: Check[], slow = false) {
  let standing: SlowStanding = { slowChecks: 0, slow, retries, responseTimeThresholdMs: threshold };
  return checks.map((check) => {
    const v = foldSlow(standing, {
      up: check !== 'down',
      latencyMs: typeof check === 'number' ? check : null,
    });
    standing = { ...standing, slow: v.slow, slowChecks: v.slowChecks };
    return `${v.slow ? 'slow' : 'ok'}${v.transition ? `!${v.transition}` : ''}:${v.slowChecks}`;
  });
}

describe('a monitor response-time verdict', () => {
  it('is slow only after retries + 1 slow UP checks in a row, and says so once', () => {
    expect(runSlow(100, 1, [300, 300, 300, 300])).toEqual([
      'ok:1',
      'slow!slow:2',
      'slow:3',
      'slow:4',
    ]);
  });

  it('is slow at the first slow check with no retries', () => {
    expect(runSlow(100, 0, [50, 101])).toEqual(['ok:0', 'slow!slow:1']);
  });

  it('counts only checks strictly over the threshold: one at it is fast', () => {
    expect(runSlow(100, 0, [100, 100])).toEqual(['ok:0', 'ok:0']);
  });

  it('is fast again at the first check at or under the threshold, once', () => {
    expect(runSlow(100, 0, [300, 100, 50, 300])).toEqual([
      'slow!slow:1',
      'ok!fast:0',
      'ok:0',
      'slow!slow:1',
    ]);
  });

  it('starts counting again after a fast check between slow ones', () => {
    expect(runSlow(100, 2, [300, 300, 20, 300, 300, 300])).toEqual([
      'ok:1',
      'ok:2',
      'ok:0',
      'ok:1',
      'ok:2',
      'slow!slow:3',
    ]);
  });

  it('resets the count on a failed check, and a failed check does not end a slowness', () => {
    expect(runSlow(100, 1, [300, 'down', 300])).toEqual(['ok:1', 'ok:0', 'ok:1']);
    expect(runSlow(100, 0, [300, 'down', 'down', 50])).toEqual([
      'slow!slow:1',
      'slow:0',
      'slow:0',
      'ok!fast:0',
    ]);
  });

  it('leaves the standing as it is for an UP check without a latency', () => {
    expect(runSlow(100, 1, [300, 'unmeasured', 300])).toEqual(['ok:1', 'ok:1', 'slow!slow:2']);
  });

  it('with the threshold switched off, counts nothing and ends a slowness at the next check', () => {
    expect(runSlow(null, 0, [5000, 5000])).toEqual(['ok:0', 'ok:0']);
    expect(runSlow(null, 0, [5000, 5000], true)).toEqual(['ok!fast:0', 'ok:0']);
    expect(runSlow(null, 0, ['down'], true)).toEqual(['ok!fast:0']);
  });
});
