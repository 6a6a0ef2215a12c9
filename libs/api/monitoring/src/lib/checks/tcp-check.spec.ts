import { createServer, type AddressInfo, type Server } from 'node:net';

import { runCheck } from './run-check';

const options = { timeoutMs: 2000, state: null };

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('tcp check', () => {
  it('is up when the port accepts a connection', async () => {
    const server = createServer((socket) => socket.end());
    const port = await listen(server);
    try {
      const run = await runCheck('tcp', { host: '127.0.0.1', port }, options);
      expect(run).toMatchObject({
        up: true,
        message: expect.stringMatching(/^TCP connect to 127\.0\.0\.1:\d+ in \d+ ms$/),
      });
      expect(run.latencyMs).toEqual(expect.any(Number));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('is down, "connection refused", on a closed port', async () => {
    const server = createServer();
    const port = await listen(server);
    await new Promise((resolve) => server.close(resolve));
    const run = await runCheck('tcp', { host: '127.0.0.1', port }, options);
    expect(run).toEqual({
      up: false,
      latencyMs: null,
      message: `connection refused (127.0.0.1:${port})`,
    });
  });

  it('names a port it cannot use', async () => {
    const run = await runCheck('tcp', { host: '127.0.0.1', port: 70000 }, options);
    expect(run).toMatchObject({ up: false, message: 'port: expected a number from 1 to 65535' });
  });
});
