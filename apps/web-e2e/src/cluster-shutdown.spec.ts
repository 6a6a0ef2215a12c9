import { createScratchDatabase, testEndpoints } from '@hyperion/api/testing';
import { AUTH_ROUTES, HealthReport, SOCKET_PATH, TokenPair } from '@hyperion/contracts';
import { io, Socket } from 'socket.io-client';

import { RunningServer, startServer } from './support/server';

const ADMIN_PASSWORD = 'cluster-admin-Passw0rd-2026';

/**
 * Two built servers of one deployment (same database, same Redis prefix): SIGTERM to the second
 * closes its own consoles' sockets only; the first one's stay connected and keep receiving
 * events published cluster-wide.
 */
describe('SIGTERM to one of two instances (built servers)', () => {
  let one: RunningServer | undefined;
  let two: RunningServer | undefined;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    const options = {
      databaseUrl: scratch.url,
      redisPrefix: `${testEndpoints().redisPrefix}:cluster`,
    };
    one = await startServer({ ADMIN_PASSWORD }, options);
    two = await startServer({ ADMIN_PASSWORD }, options);
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await two?.stop();
    await one?.stop();
    await scratch?.drop();
  });

  async function token(server: RunningServer): Promise<string> {
    const res = await fetch(`${server.url}${AUTH_ROUTES.login}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as TokenPair).accessToken;
  }

  function connect(server: RunningServer, accessToken: string): Promise<Socket> {
    const socket = io(server.url, {
      path: SOCKET_PATH,
      transports: ['websocket'],
      reconnection: false,
      auth: { token: accessToken },
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  it("keeps the other instance's consoles connected and live", async () => {
    if (!one || !two) throw new Error('The servers did not start');
    const onOne = await connect(one, await token(one));
    const onTwo = await connect(two, await token(two));
    const closed = new Promise<string>((resolve) => onTwo.once('disconnect', resolve));

    await two.stop(); // SIGTERM
    expect(await closed).toMatch(/server disconnect|transport close/);
    two = undefined;

    await new Promise((r) => setTimeout(r, 1000));
    expect(onOne.connected).toBe(true);
    // Still live: cutting Redis on instance one's side changes health, pushed to its console.
    const next = new Promise<HealthReport>((resolve) =>
      onOne.on('health:status', (report: HealthReport) => {
        if (report.status === 'unhealthy') resolve(report);
      }),
    );
    await one.database.stop();
    const report = await next;
    expect(report.database).toBe('ERROR');
    await one.database.start();
  });
});
