import type { Actor } from '@hyperion/api/core';
import type { HealthReport } from '@hyperion/contracts';

import { HyperionServer, HyperionSocket, RealtimeGateway } from './realtime.gateway';

type Middleware = (socket: HyperionSocket, next: (err?: Error) => void) => void;

const alice: Actor = { type: 'user', id: 'u1', name: 'alice', permissions: [] };

function setup() {
  let middleware: Middleware | undefined;
  const gateway = new RealtimeGateway({
    authenticate: async (token) => (token === 'good' ? alice : null),
  });
  gateway.afterInit({ use: (m: Middleware) => (middleware = m) } as unknown as HyperionServer);
  const handshake = (auth: unknown) =>
    new Promise<{ error?: Error; socket: HyperionSocket }>((resolve) => {
      const socket = { handshake: { auth }, data: {} } as unknown as HyperionSocket;
      middleware?.(socket, (error) => resolve({ error, socket }));
    });
  return { gateway, handshake };
}

describe('RealtimeGateway handshake', () => {
  it('accepts a valid token and attaches the actor', async () => {
    const { error, socket } = await setup().handshake({ token: 'good' });
    expect(error).toBeUndefined();
    expect(socket.data.actor).toEqual(alice);
  });

  it.each([[undefined], [{}], [{ token: 42 }], [{ token: 'garbage' }], [{ token: '' }]])(
    'refuses %j with Unauthorized',
    async (auth) => {
      const { error, socket } = await setup().handshake(auth);
      expect(error?.message).toBe('Unauthorized');
      expect(socket.data.actor).toBeUndefined();
    },
  );

  it('disconnects, without greeting, a socket that has no actor', async () => {
    const { gateway } = setup();
    const emitted: unknown[] = [];
    gateway.addGreeter((s) => void s.emit('health:status', {} as HealthReport));
    const disconnect = jest.fn();
    const socket = {
      data: {},
      emit: (...args: unknown[]) => emitted.push(args),
      disconnect,
    } as unknown as HyperionSocket;
    await gateway.handleConnection(socket);
    expect(disconnect).toHaveBeenCalledWith(true);
    expect(emitted).toEqual([]);
  });
});
