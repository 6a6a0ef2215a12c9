import type { Actor } from '@hyperion/api/core';
import type { HealthReport } from '@hyperion/contracts';
import { Logger } from '@nestjs/common';

import { RealtimePublisher } from './realtime-publisher.service';
import { HyperionServer, HyperionSocket, RealtimeGateway } from './realtime.gateway';

const report = { status: 'healthy', timestamp: '2026-01-30T14:00:00.000Z' } as HealthReport;

const viewer: Actor = {
  type: 'user',
  id: 'u1',
  name: 'alice',
  permissions: ['monitoring:read'],
  organizationId: 'o1',
  sessionId: 's1',
};
const stranger: Actor = { ...viewer, id: 'u2', name: 'bob', permissions: ['incidents:read'] };

function fakeSocket(actor: Actor) {
  const emitted: [string, unknown][] = [];
  const socket = {
    data: { actor },
    join: () => undefined,
    emit: (event: string, payload: unknown) => emitted.push([event, payload]),
  };
  return { socket: socket as unknown as HyperionSocket, emitted };
}

/** Records what the gateway asks of socket.io: room broadcasts and disconnects. */
function fakeServer(fetchSockets: () => Promise<unknown[]> = async () => []) {
  const sent: [string, string, unknown][] = [];
  const closed: string[] = [];
  const room = (name: string, where: string) => ({
    emit: (event: string, payload: unknown) => sent.push([name, event, payload]),
    disconnectSockets: () => closed.push(`${where} ${name}`),
    fetchSockets,
  });
  const server = {
    to: (name: string) => room(name, 'everywhere'),
    in: (name: string) => room(name, 'everywhere'),
    local: { in: (name: string) => room(name, 'here') },
  };
  return { server: server as unknown as HyperionServer, sent, closed };
}

describe('RealtimePublisher', () => {
  let gateway: RealtimeGateway;
  let publisher: RealtimePublisher;

  beforeEach(() => {
    gateway = new RealtimeGateway({ authenticate: async () => null });
    publisher = new RealtimePublisher(gateway);
  });

  describe('publish', () => {
    it("sends an organisation's event to that organisation's sockets holding its permission", () => {
      const { server, sent } = fakeServer();
      gateway.server = server;
      publisher.publish('health:status', report, { organizationId: 'o1' });
      expect(sent).toEqual([['org:o1:perm:monitoring:read', 'health:status', report]]);
    });

    it("sends an instance event to every organisation's sockets holding its permission", () => {
      const { server, sent } = fakeServer();
      gateway.server = server;
      publisher.publish('health:status', report, 'instance');
      expect(sent).toEqual([['perm:monitoring:read', 'health:status', report]]);
    });
  });

  describe('onConnect', () => {
    it("greets a new client holding the event's permission with the current state", async () => {
      const seen: Actor[] = [];
      publisher.onConnect('health:status', (actor) => {
        seen.push(actor);
        return report;
      });
      const { socket, emitted } = fakeSocket(viewer);
      await gateway.handleConnection(socket);
      expect(emitted).toEqual([['health:status', report]]);
      expect(seen).toEqual([viewer]);
    });

    it("does not greet, nor even ask for the state of, a client lacking the event's permission", async () => {
      const current = jest.fn(() => report);
      publisher.onConnect('health:status', current);
      const { socket, emitted } = fakeSocket(stranger);
      await gateway.handleConnection(socket);
      expect(emitted).toEqual([]);
      expect(current).not.toHaveBeenCalled();
    });

    it('sends nothing when there is no state yet', async () => {
      publisher.onConnect('health:status', () => undefined);
      const { socket, emitted } = fakeSocket(viewer);
      await gateway.handleConnection(socket);
      expect(emitted).toEqual([]);
    });

    it('keeps greeting with the other domains when one greeter fails, and logs the failure', async () => {
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      publisher.onConnect('health:status', () => Promise.reject(new Error('db down')));
      publisher.onConnect('health:status', async () => report);
      const { socket, emitted } = fakeSocket(viewer);
      await gateway.handleConnection(socket);
      expect(emitted).toEqual([['health:status', report]]);
      expect(warn).toHaveBeenCalledWith('Greeting a new client failed: Error: db down');
      warn.mockRestore();
    });
  });

  describe('disconnect', () => {
    it('closes the sockets of a session, here at once and on every instance', async () => {
      const { server, closed } = fakeServer();
      gateway.server = server;
      await publisher.disconnect({ sessionId: 's1' });
      expect(closed).toEqual(['here session:s1', 'everywhere session:s1']);
    });

    it('closes the sockets of every session of a user', async () => {
      const { server, closed } = fakeServer();
      gateway.server = server;
      await publisher.disconnect({ userId: 'u1' });
      expect(closed).toEqual(['here user:u1', 'everywhere user:u1']);
    });

    it('closes, too, a socket of the target that connected while the request went round', async () => {
      const latecomer = { disconnect: jest.fn() };
      const { server } = fakeServer(async () => [latecomer]);
      gateway.server = server;
      await publisher.disconnect({ sessionId: 's1' });
      expect(latecomer.disconnect).toHaveBeenCalledWith(true);
    });

    it('resolves, with a warning, when an instance does not confirm within 2 s', async () => {
      jest.useFakeTimers();
      try {
        const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
        const { server, closed } = fakeServer(() => new Promise(() => undefined));
        gateway.server = server;
        let resolved = false;
        const done = publisher.disconnect({ sessionId: 's1' }).then(() => (resolved = true));
        await jest.advanceTimersByTimeAsync(1_999);
        expect(resolved).toBe(false);
        await jest.advanceTimersByTimeAsync(1);
        await done;
        expect(closed).toEqual(['here session:s1', 'everywhere session:s1']);
        expect(warn).toHaveBeenCalledWith(expect.stringContaining('session:s1'));
      } finally {
        jest.useRealTimers();
        jest.restoreAllMocks();
      }
    });
  });
});
