import { RealtimePublisher } from '@hyperion/api/realtime';
import { HealthReport, ServerToClientEvents } from '@hyperion/contracts';
import { Socket } from 'socket.io-client';

import { adminToken, clusterPrefix, connectClient, startTestApp, TestApp } from './test-app';

describe('Socket.IO across API instances (Redis adapter)', () => {
  let a: TestApp;
  let b: TestApp;
  let client: Socket<ServerToClientEvents>;

  beforeAll(async () => {
    const prefix = clusterPrefix();
    // Two instances on the same database and Redis prefix, like two replicas behind a balancer.
    a = await startTestApp({ REDIS_PREFIX: prefix });
    b = await startTestApp({ REDIS_PREFIX: prefix });
    client = await connectClient(b.url, undefined, await adminToken(b));
  });

  afterAll(async () => {
    client.close();
    await a.close();
    await b.close();
  });

  it('delivers an event published on instance A to a console connected to instance B', async () => {
    const marker = '1999-12-31T23:59:59.000Z';
    const received = new Promise<HealthReport>((resolve) =>
      client.on('health:status', (report) => report.timestamp === marker && resolve(report)),
    );
    // The adapter subscribes asynchronously after start-up; publish until B's client hears it.
    const publisher = a.app.get(RealtimePublisher);
    const report = { status: 'healthy', timestamp: marker } as HealthReport;
    const timer = setInterval(() => publisher.publish('health:status', report, 'instance'), 200);
    try {
      await expect(received).resolves.toMatchObject({ timestamp: marker });
    } finally {
      clearInterval(timer);
    }
  });
});
