import { runCheck } from './run-check';

const options = { timeoutMs: 2000, state: null };

describe('disk check', () => {
  it('is up below the limit, saying how full the file system is', async () => {
    const run = await runCheck('disk', { path: '/tmp', maxUsedPercent: 100 }, options);
    expect(run).toEqual({
      up: true,
      latencyMs: null,
      message: expect.stringMatching(/^\d+ % used of [\d.]+ [kMGTP]?B on \/tmp \(limit 100 %\)$/),
    });
  });

  it('is down at or above the limit', async () => {
    const run = await runCheck('disk', { path: '/tmp', maxUsedPercent: 0 }, options);
    expect(run).toMatchObject({ up: false, message: expect.stringContaining('(limit 0 %)') });
  });

  it('is down when the path does not exist', async () => {
    const run = await runCheck('disk', { path: '/tmp/hyperion-no-such-path/x' }, options);
    expect(run).toEqual({
      up: false,
      latencyMs: null,
      message: 'path not found: /tmp/hyperion-no-such-path/x',
    });
  });
});
