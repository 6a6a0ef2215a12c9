import { EventEmitter } from 'node:events';

import type { Actor } from '@hyperion/api/core';
import type { HealthReport } from '@hyperion/contracts';

import {
  HyperionServer,
  HyperionSocket,
  HyperionSocketData,
  RealtimeGateway,
} from './realtime.gateway';
import { SocketAuthenticator } from './socket-authenticator';

type Middleware = (socket: HyperionSocket, next: (err?: Error) => void) => void;

const alice: Actor = {
  type: 'user',
  id: 'u1',
  name: 'alice',
  permissions: ['monitoring:read'],
  organizationId: 'o1',
  sessionId: 's1',
};

function setup(authenticator: Partial<SocketAuthenticator> = {}) {
  let middleware: Middleware | undefined;
  const gateway = new RealtimeGateway({
    authenticate: async (token) => (token === 'good' ? alice : null),
    ...authenticator,
  });
  gateway.afterInit({ use: (m: Middleware) => (middleware = m) } as unknown as HyperionServer);
  const handshake = (auth: unknown) =>
    new Promise<{ error?: Error; socket: HyperionSocket }>((resolve) => {
      const socket = { handshake: { auth }, data: {} } as unknown as HyperionSocket;
      middleware?.(socket, (error) => resolve({ error, socket }));
    });
  return { gateway, handshake };
}

/** A connected socket as far as the gateway can tell: rooms, emits, disconnects. */
function fakeSocket(data: HyperionSocketData) {
  const events = new EventEmitter();
  const rooms: string[] = [];
  const emitted: unknown[][] = [];
  const disconnect = jest.fn(() => {
    events.emit('disconnect');
  });
  const socket = {
    data,
    join: (names: string[]) => void rooms.push(...names),
    emit: (...args: unknown[]) => emitted.push(args),
    once: (event: string, listener: () => void) => events.once(event, listener),
    disconnect,
  } as unknown as HyperionSocket;
  return { socket, rooms, emitted, disconnect };
}

describe('RealtimeGateway handshake', () => {
  it('accepts a valid token and attaches the actor', async () => {
    const { error, socket } = await setup().handshake({ token: 'good' });
    expect(error).toBeUndefined();
    expect(socket.data.actor).toEqual(alice);
    expect(socket.data.expiresAt).toBeUndefined();
  });

  it.each([[undefined], [{}], [{ token: 42 }], [{ token: 'garbage' }], [{ token: '' }]])(
    'refuses %j with Unauthorized',
    async (auth) => {
      const { error, socket } = await setup().handshake(auth);
      expect(error?.message).toBe('Unauthorized');
      expect(socket.data.actor).toBeUndefined();
    },
  );

  it('refuses, rather than crashes, when the authenticator throws', async () => {
    const failing = setup({ authenticate: () => Promise.reject(new Error('db down')) });
    const { error } = await failing.handshake({ token: 'good' });
    expect(error?.message).toBe('Unauthorized');
  });

  it('records when the token expires, if the authenticator can tell', async () => {
    const at = new Date('2030-01-01T00:00:00.000Z');
    const { socket } = await setup({ expiresAt: () => at }).handshake({ token: 'good' });
    expect(socket.data.expiresAt).toBe(at.getTime());
  });
});

describe('RealtimeGateway connection', () => {
  afterEach(() => jest.useRealTimers());

  it('disconnects, without greeting, a socket that has no actor', async () => {
    const { gateway } = setup();
    gateway.addGreeter((s) => void s.emit('health:status', {} as HealthReport));
    const { socket, emitted, disconnect, rooms } = fakeSocket({});
    await gateway.handleConnection(socket);
    expect(disconnect).toHaveBeenCalledWith(true);
    expect(emitted).toEqual([]);
    expect(rooms).toEqual([]);
  });

  it('puts the socket in the rooms of its actor, then greets it', async () => {
    const { gateway } = setup();
    const order: string[] = [];
    const { socket, rooms } = fakeSocket({ actor: alice });
    gateway.addGreeter((_, actor) => void order.push(`greet ${actor.id} in ${rooms.length} rooms`));
    await gateway.handleConnection(socket);
    expect(rooms.sort()).toEqual(
      ['org:o1:perm:monitoring:read', 'perm:monitoring:read', 'session:s1', 'user:u1'].sort(),
    );
    expect(order).toEqual(['greet u1 in 4 rooms']);
  });

  it('closes the socket when its token expires, not before', async () => {
    jest.useFakeTimers({ now: 0 });
    const { gateway } = setup();
    const { socket, disconnect } = fakeSocket({ actor: alice, expiresAt: 60_000 });
    await gateway.handleConnection(socket);
    jest.advanceTimersByTime(59_999);
    expect(disconnect).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(disconnect).toHaveBeenCalledWith(true);
  });

  it('closes at an expiry beyond what one timer can wait (about 24.8 days)', async () => {
    jest.useFakeTimers({ now: 0 });
    const { gateway } = setup();
    const thirtyDays = 30 * 24 * 3600_000;
    const { socket, disconnect } = fakeSocket({ actor: alice, expiresAt: thirtyDays });
    await gateway.handleConnection(socket);
    jest.advanceTimersByTime(thirtyDays - 1);
    expect(disconnect).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(disconnect).toHaveBeenCalledTimes(1);
  });

  it('forgets the expiry of a socket that closed earlier', async () => {
    jest.useFakeTimers({ now: 0 });
    const { gateway } = setup();
    const { socket, disconnect } = fakeSocket({ actor: alice, expiresAt: 60_000 });
    await gateway.handleConnection(socket);
    socket.disconnect(true);
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(60_000);
    expect(disconnect).toHaveBeenCalledTimes(1);
  });

  it('closes, without greeting, a socket whose token expired before it connected', async () => {
    jest.useFakeTimers({ now: 10_000 });
    const { gateway } = setup();
    const greet = jest.fn();
    gateway.addGreeter(greet);
    const { socket, disconnect } = fakeSocket({ actor: alice, expiresAt: 10_000 });
    await gateway.handleConnection(socket);
    expect(disconnect).toHaveBeenCalledWith(true);
    expect(greet).not.toHaveBeenCalled();
  });
});

describe('RealtimeGateway shutdown', () => {
  it("closes this instance's sockets only, not the other instances' ones", () => {
    const { gateway } = setup();
    const local = { disconnectSockets: jest.fn() };
    const everywhere = jest.fn();
    gateway.server = { local, disconnectSockets: everywhere } as unknown as HyperionServer;
    gateway.onModuleDestroy();
    expect(local.disconnectSockets).toHaveBeenCalledWith(true);
    expect(everywhere).not.toHaveBeenCalled();
  });
});
