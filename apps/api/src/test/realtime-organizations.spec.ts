import { randomUUID } from 'node:crypto';

import { RequestContext, UnitOfWork } from '@hyperion/api/core';
import {
  AUTH_ROUTES,
  HealthReport,
  ORGANIZATION_ROUTES,
  ServerToClientEvents,
  TokenPair,
} from '@hyperion/contracts';
import { Socket } from 'socket.io-client';
import request from 'supertest';

import { createUser, unique } from './auth-helpers';
import {
  adminToken,
  clusterPrefix,
  connectClient,
  loginAs,
  loginSession,
  logoutWithCookie,
  queryDb,
  startTestApp,
  TestApp,
} from './test-app';

interface Client {
  socket: Socket<ServerToClientEvents>;
  markers: string[];
  closedAt?: number;
}

/**
 * Done-means 4, with two API instances: events reach only their organisation's sockets that
 * hold the event's permission; logout, disable and a role change close the session's sockets
 * within a second on the other instance; stopping one instance leaves the other's clients.
 */
describe('realtime by organisation and permission, across two instances', () => {
  let one: TestApp;
  let two: TestApp;
  let orgA: string;
  let orgB: string;
  const clients: Client[] = [];

  const marker = (r: HealthReport) => r.errors?.[0] ?? '';

  async function connect(t: TestApp, token: string): Promise<Client> {
    const client: Client = { markers: [] } as unknown as Client;
    client.socket = await connectClient(
      t.url,
      (s) => {
        s.on('health:status', (r) => client.markers.push(marker(r)));
        s.on('disconnect', () => (client.closedAt = Date.now()));
      },
      token,
    );
    clients.push(client);
    return client;
  }

  async function emit(organizationId: string, text: string): Promise<void> {
    await RequestContext.run({ organizationId, correlationId: randomUUID() }, () =>
      one.app.get(UnitOfWork).run(async (tx) => {
        await tx.emit('health:status', {
          status: 'healthy',
          timestamp: new Date().toISOString(),
          errors: [text],
        } as unknown as HealthReport);
      }),
    );
  }

  const waitUntil = async (check: () => boolean, ms: number) => {
    const until = Date.now() + ms;
    while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    return check();
  };

  const api = (t: TestApp, token: string) => ({
    post: (path: string, body: object) =>
      request(t.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
    patch: (path: string, body: object) =>
      request(t.url).patch(path).set('Authorization', `Bearer ${token}`).send(body),
  });

  beforeAll(async () => {
    const prefix = clusterPrefix();
    one = await startTestApp({ REDIS_PREFIX: prefix });
    two = await startTestApp({ REDIS_PREFIX: prefix });
    const admin = await adminToken(one);
    [{ organization_id: orgA }] = await queryDb<{ organization_id: string }>(
      one,
      `SELECT m.organization_id FROM membership m JOIN organization o ON o.id = m.organization_id
        JOIN app_user u ON u.id = m.user_id WHERE u.username = 'admin' AND o.slug = 'default'`,
    );
    const created = await api(one, admin).post(ORGANIZATION_ROUTES.platformOrganizations, {
      name: 'Realtime B',
      slug: unique('rt-b').toLowerCase(),
    });
    expect(created.status).toBe(201);
    orgB = created.body.id;
  });

  afterAll(async () => {
    for (const c of clients) c.socket.disconnect();
    await two?.close().catch(() => undefined);
    await one?.close();
  });

  it("sends an organisation's event only to its sockets holding the permission, on every instance", async () => {
    const admin = await adminToken(one);
    // An operator of A on instance 2; a member of A whose role lacks monitoring:read.
    const operator = await createUser(one, admin, ['operator']);
    const roleName = unique('blind').toLowerCase();
    await api(one, admin).post(AUTH_ROUTES.roles, { name: roleName, permissions: ['alerts:read'] });
    const blind = await createUser(one, admin, [roleName]);
    // The admin acting in B, on instance 2.
    const inB = await api(one, admin).post(ORGANIZATION_ROUTES.switch, { organizationId: orgB });
    const adminB = inB.body as TokenPair;

    const a = await connect(
      two,
      (await loginAs(two, operator.username, operator.password)).accessToken,
    );
    const noPermission = await connect(
      two,
      (await loginAs(one, blind.username, blind.password)).accessToken,
    );
    const b = await connect(two, adminB.accessToken);

    const forA = unique('for-a');
    const forB = unique('for-b');
    await emit(orgA, forA);
    await emit(orgB, forB);
    expect(await waitUntil(() => a.markers.includes(forA) && b.markers.includes(forB), 5000)).toBe(
      true,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(a.markers).not.toContain(forB);
    expect(b.markers).not.toContain(forA);
    expect(noPermission.markers).not.toContain(forA);
  });

  it.each([
    ['logout', 'logout'],
    ['disable', 'disable'],
    ['role change', 'roles'],
  ])('%s closes the session sockets on the other instance within 1 s', async (_name, how) => {
    const admin = await adminToken(one);
    const user = await createUser(one, admin, ['operator']);
    const pair = await loginSession(one, user.username, user.password);
    const client = await connect(two, pair.accessToken);
    const bystander = await connect(
      two,
      (await loginAs(one, 'admin', 'test-admin-password-0123')).accessToken,
    );
    const whoami = () =>
      request(two.url).get(AUTH_ROUTES.whoami).set('Authorization', `Bearer ${pair.accessToken}`);
    // Instance 2 now holds this principal in its cache.
    expect((await whoami()).body.permissions).toContain('monitoring:control');
    const started = Date.now();
    if (how === 'logout') {
      const res = await logoutWithCookie(one, pair);
      expect(res.status).toBe(204);
    } else {
      const res = await api(one, admin).patch(
        `${AUTH_ROUTES.users}/${user.id}`,
        how === 'disable' ? { status: 'disabled' } : { roles: ['viewer'] },
      );
      expect(res.status).toBe(200);
    }
    expect(await waitUntil(() => client.closedAt !== undefined, 1000)).toBe(true);
    expect((client.closedAt ?? Infinity) - started).toBeLessThan(1000 + 500);
    expect(bystander.socket.connected).toBe(true);
    // Instance 2's cached principal went with the change: no stale access.
    const after = await whoami();
    if (how === 'roles') {
      expect(after.status).toBe(200);
      expect(after.body.permissions).not.toContain('monitoring:control');
    } else {
      expect(after.status).toBe(401);
    }
  });

  it("stopping one instance leaves the other instance's clients connected", async () => {
    const admin = await adminToken(one);
    const onOne = await connect(one, admin);
    const onTwo = await connect(two, admin);
    await two.close();
    expect(await waitUntil(() => !onTwo.socket.connected, 3000)).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    expect(onOne.socket.connected).toBe(true);
    const after = unique('after');
    await emit(orgA, after);
    expect(await waitUntil(() => onOne.markers.includes(after), 5000)).toBe(true);
  });
});
