import type { HealthReport } from '@hyperion/contracts';

import { RealtimePublisher } from './realtime-publisher.service';
import { HyperionSocket, RealtimeGateway } from './realtime.gateway';

const report = { status: 'healthy', timestamp: '2026-01-30T14:00:00.000Z' } as HealthReport;

function fakeSocket() {
  const emitted: [string, unknown][] = [];
  const socket = {
    data: { actor: { type: 'user', id: 'u1', name: 'alice', permissions: [] } },
    emit: (event: string, payload: unknown) => emitted.push([event, payload]),
  };
  return { socket: socket as unknown as HyperionSocket, emitted };
}

describe('RealtimePublisher', () => {
  let gateway: RealtimeGateway;
  let publisher: RealtimePublisher;

  beforeEach(() => {
    gateway = new RealtimeGateway({ authenticate: async () => null });
    publisher = new RealtimePublisher(gateway);
  });

  it('greets each new client with the current state', async () => {
    publisher.onConnect('health:status', () => report);
    const { socket, emitted } = fakeSocket();
    await gateway.handleConnection(socket);
    expect(emitted).toEqual([['health:status', report]]);
  });

  it('sends nothing when there is no state yet', async () => {
    publisher.onConnect('health:status', () => undefined);
    const { socket, emitted } = fakeSocket();
    await gateway.handleConnection(socket);
    expect(emitted).toEqual([]);
  });

  it('keeps greeting with the other domains when one greeter fails', async () => {
    publisher.onConnect('health:status', () => Promise.reject(new Error('db down')));
    publisher.onConnect('health:status', async () => report);
    const { socket, emitted } = fakeSocket();
    await gateway.handleConnection(socket);
    expect(emitted).toEqual([['health:status', report]]);
  });
});
