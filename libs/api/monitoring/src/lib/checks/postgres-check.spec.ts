import { testEndpoints } from '@hyperion/api/testing';
import { createServer, type AddressInfo, type Socket } from 'node:net';

import { runCheck } from './run-check';

const options = { timeoutMs: 5000, state: null };

/** The run's database URL with some parts changed. */
function variant(change: (url: URL) => void): string {
  const url = new URL(testEndpoints().databaseUrl);
  change(url);
  return url.toString();
}

describe('postgres check', () => {
  it('is up when the database answers SELECT 1', async () => {
    const run = await runCheck(
      'postgres',
      { connectionString: testEndpoints().databaseUrl },
      options,
    );
    expect(run).toMatchObject({
      up: true,
      message: expect.stringMatching(/^PostgreSQL answered SELECT 1 in \d+ ms$/),
    });
    expect(run.latencyMs).toEqual(expect.any(Number));
  });

  it("is down with the server's message when the database does not exist", async () => {
    const connectionString = variant((url) => (url.pathname = '/hyperion_no_such_database'));
    const run = await runCheck('postgres', { connectionString }, options);
    expect(run).toMatchObject({
      up: false,
      message: 'PostgreSQL: database "hyperion_no_such_database" does not exist',
    });
  });

  it('never repeats the password, even where the server names the same word', async () => {
    // A role named like its password (a common default): the server's error names the role.
    const connectionString = variant((url) => {
      url.username = 'hyperion_monitor_s3cret';
      url.password = 'hyperion_monitor_s3cret';
    });
    const run = await runCheck('postgres', { connectionString }, options);
    expect(run.up).toBe(false);
    expect(run.message).toContain('does not exist');
    expect(run.message).not.toContain('s3cret');
  });

  it('is down, "connection refused", when nothing listens', async () => {
    const connectionString = variant((url) => {
      url.port = '1';
      url.password = 'hunter2';
    });
    const run = await runCheck('postgres', { connectionString }, options);
    expect(run).toMatchObject({
      up: false,
      message: expect.stringContaining('connection refused'),
    });
    expect(run.message).not.toContain('hunter2');
  });

  it('is down within the timeout when the server accepts but never speaks', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const start = Date.now();
      const connectionString = `postgres://monitor:hunter2@127.0.0.1:${port}/postgres`;
      const run = await runCheck('postgres', { connectionString }, { ...options, timeoutMs: 300 });
      expect(run).toEqual({
        up: false,
        latencyMs: null,
        message: `no answer within 300 ms (127.0.0.1:${port})`,
      });
      expect(Date.now() - start).toBeLessThan(300 + 150);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
