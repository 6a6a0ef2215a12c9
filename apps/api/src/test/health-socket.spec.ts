import { HealthReport, ServerToClientEvents } from '@hyperion/contracts';
import { Socket } from 'socket.io-client';

import { adminToken, connectClient, startTestApp, TestApp } from './test-app';

describe('health:status pushed over Socket.IO', () => {
  let t: TestApp;
  let socket: Socket<ServerToClientEvents>;
  const received: HealthReport[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    socket = await connectClient(
      t.url,
      (s) => s.on('health:status', (report) => received.push(report)),
      await adminToken(t),
    );
  });

  afterAll(async () => {
    socket.close();
    await t.close();
  });

  const next = (predicate: (r: HealthReport) => boolean, timeoutMs = 10_000) =>
    new Promise<HealthReport>((resolve, reject) => {
      const found = received.find(predicate);
      if (found) return resolve(found);
      const timer = setTimeout(
        () => reject(new Error('no matching health:status event')),
        timeoutMs,
      );
      socket.on('health:status', (report) => {
        if (predicate(report)) {
          clearTimeout(timer);
          resolve(report);
        }
      });
    });

  it('sends the current report to a client as soon as it connects', async () => {
    const first = await next(() => true);
    expect(first).toMatchObject({ api: 'OK', database: 'OK', redis: 'OK', status: 'healthy' });
  });

  it('pushes the change when PostgreSQL goes down, without the client asking', async () => {
    received.length = 0;
    await t.database.stop();
    const report = await next((r) => r.database === 'ERROR');
    expect(report.status).toBe('unhealthy');
    expect(report.errors?.[0]).toMatch(/^PostgreSQL connection failed/);
  });

  it('pushes the recovery when PostgreSQL is back', async () => {
    await t.database.start();
    const report = await next((r) => r.database === 'OK' && r.status === 'healthy');
    expect(report.redis).toBe('OK');
  });

  it('pushes redis ERROR when Redis goes down', async () => {
    received.length = 0;
    await t.redis.stop();
    const report = await next((r) => r.redis === 'ERROR');
    expect(report.status).toBe('unhealthy');
    await t.redis.start();
    await next((r) => r.status === 'healthy', 15_000);
  });
});
