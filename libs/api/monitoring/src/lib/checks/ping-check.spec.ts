import { runCheck } from './run-check';

describe('ping check', () => {
  it('pings 127.0.0.1, or says plainly that this machine cannot ping', async () => {
    const run = await runCheck('ping', { host: '127.0.0.1' }, { timeoutMs: 3000, state: null });
    if (run.up) {
      expect(run.latencyMs).toEqual(expect.any(Number));
      expect(run.message).toMatch(/^ping reply from 127\.0\.0\.1 in [\d.]+ ms$/);
    } else {
      expect(run).toMatchObject({
        latencyMs: null,
        message: expect.stringMatching(/^ping is not available on this host \(.+\)$/),
      });
    }
  });

  it('refuses a host that ping would read as an option', async () => {
    const run = await runCheck('ping', { host: '-f' }, { timeoutMs: 3000, state: null });
    expect(run).toMatchObject({
      up: false,
      message: 'host: expected a host name or an IP address',
    });
  });
});
