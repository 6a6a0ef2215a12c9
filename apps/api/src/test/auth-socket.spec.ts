import { HealthReport, ServerToClientEvents } from '@hyperion/contracts';
import { Socket } from 'socket.io-client';

import { adminToken, connectClient, startTestApp, TestApp } from './test-app';

describe('Socket.IO handshake authentication', () => {
  let t: TestApp;
  const sockets: Socket<ServerToClientEvents>[] = [];

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  /** Tries to connect; reports whether it was refused and what it received meanwhile. */
  async function attempt(token?: string) {
    const received: HealthReport[] = [];
    let socket: Socket<ServerToClientEvents> | undefined;
    const outcome = await connectClient(
      t.url,
      (s) => {
        socket = s;
        sockets.push(s);
        s.on('health:status', (r) => received.push(r));
      },
      token,
    ).then(
      () => 'connected',
      (error: Error) => error.message,
    );
    return { outcome, received, socket };
  }

  it.each([
    ['no token', undefined],
    ['a garbage token', 'garbage'],
    ['a forged JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'],
  ])('refuses a client with %s, which receives no health:status', async (_, token) => {
    const { outcome, received, socket } = await attempt(token);
    expect(outcome).toBe('Unauthorized');
    expect(socket?.connected).toBe(false);
    // Give a greeting (sent at once on connect) every chance to arrive.
    await new Promise((r) => setTimeout(r, 1000));
    expect(received).toEqual([]);
  });

  it('accepts a client with a valid access token, which receives health:status', async () => {
    const { outcome, received } = await attempt(await adminToken(t));
    expect(outcome).toBe('connected');
    const deadline = Date.now() + 10_000;
    while (received.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(received[0]).toMatchObject({ api: 'OK', status: expect.any(String) });
  });
});
