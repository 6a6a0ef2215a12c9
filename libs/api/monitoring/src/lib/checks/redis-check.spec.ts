import { testEndpoints } from '@hyperion/api/testing';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

import { runCheck } from './run-check';

const options = { timeoutMs: 2000, state: null };

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A stand-in for a server that refuses every AUTH, recording the commands it was sent. */
function refusingServer(authReply: string, received: string[]): Server {
  return createServer((socket) => {
    socket.on('data', (chunk) => {
      received.push(chunk.toString());
      const commands = chunk.toString().split('*').filter(Boolean);
      socket.write(
        commands
          .map((c) => (c.includes('AUTH') ? authReply : '-NOAUTH Authentication required.\r\n'))
          .join(''),
      );
    });
  });
}

describe('redis check', () => {
  it('is up when PING answers PONG', async () => {
    const run = await runCheck('redis', { url: testEndpoints().redisUrl }, options);
    expect(run).toMatchObject({
      up: true,
      message: expect.stringMatching(/^Redis answered PONG in \d+ ms$/),
    });
  });

  it('selects the database of the URL path', async () => {
    const url = new URL(testEndpoints().redisUrl);
    url.pathname = '/1';
    expect((await runCheck('redis', { url: url.toString() }, options)).up).toBe(true);
    url.pathname = '/100000';
    const run = await runCheck('redis', { url: url.toString() }, options);
    expect(run).toMatchObject({ up: false, message: expect.stringContaining('Redis SELECT: ERR') });
  });

  it('is down, "connection refused", on a closed port', async () => {
    const server = createServer();
    const port = await listen(server);
    await new Promise((resolve) => server.close(resolve));
    const run = await runCheck('redis', { url: `redis://:hunter2@127.0.0.1:${port}` }, options);
    expect(run).toEqual({
      up: false,
      latencyMs: null,
      message: `connection refused (127.0.0.1:${port})`,
    });
  });

  it('is down when AUTH is refused, without the password in the message', async () => {
    const received: string[] = [];
    const server = refusingServer(
      '-WRONGPASS invalid username-password pair or user is disabled.\r\n',
      received,
    );
    const port = await listen(server);
    try {
      const run = await runCheck(
        'redis',
        { url: `redis://monitor:hunter2@127.0.0.1:${port}/2` },
        options,
      );
      expect(run).toMatchObject({
        up: false,
        message: expect.stringContaining('Redis AUTH: WRONGPASS'),
      });
      expect(run.message).not.toContain('hunter2');
      expect(received.join('')).toContain('*3\r\n$4\r\nAUTH\r\n$7\r\nmonitor\r\n$7\r\nhunter2\r\n');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('hides the password even when a server echoes it back', async () => {
    const server = refusingServer(
      "-ERR unknown command 'AUTH', with args beginning with: 'hunter2'\r\n",
      [],
    );
    const port = await listen(server);
    try {
      const run = await runCheck('redis', { url: `redis://:hunter2@127.0.0.1:${port}` }, options);
      expect(run).toMatchObject({
        up: false,
        message: expect.stringContaining("args beginning with: '••••'"),
      });
      expect(run.message).not.toContain('hunter2');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('is down within the timeout when the server accepts but never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    const port = await listen(silent);
    try {
      const start = Date.now();
      const run = await runCheck(
        'redis',
        { url: `redis://127.0.0.1:${port}` },
        { ...options, timeoutMs: 300 },
      );
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
