import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createScratchDatabase } from '@hyperion/api/testing';
import { AUTH_ROUTES, ORGANIZATION_ROUTES } from '@hyperion/contracts';
import request from 'supertest';

import { createUser, unique } from './auth-helpers';
import {
  fuzzCases,
  FuzzReport,
  OpenApiDocument,
  operationsOf,
  runFuzz,
} from './fuzz/openapi-fuzzer';
import { loginAs, startTestApp, TEST_ADMIN_PASSWORD, TestApp } from './test-app';

/**
 * Every operation of the OpenAPI document, fed malformed input (NUL bytes, lone surrogates, deep
 * nesting, nulls, numbers beyond any range, wrong types, broken bodies, forged credentials), on
 * the real app with a console build served: never a 5xx, never a hang, always the error envelope.
 * FUZZ_REQUESTS sets the count (CI: the default; `bench/fuzz-openapi.mjs` runs 10,000 on the
 * built server and writes FUZZ_REPORT).
 */
/** The fuzz's own knobs (size, seed, target), set by bench/fuzz-openapi.mjs: test settings, not app configuration. */
// eslint-disable-next-line no-restricted-syntax
const FUZZ: Record<string, string | undefined> = process.env;
const STRONG_PASSWORD = 'violet-Harbour-7-lantern-Quiet';
const REQUESTS = Number(FUZZ['FUZZ_REQUESTS'] ?? 2000);
const SEED = Number(FUZZ['FUZZ_SEED'] ?? 20261122);

/**
 * The server under fuzz: FUZZ_BASE_URL (the built server, started by the bench with the console
 * build and FUZZ_ADMIN_PASSWORD), else the app in this process on a scratch database with a
 * console build served.
 */
async function startTarget() {
  const external = FUZZ['FUZZ_BASE_URL'];
  if (external) {
    return {
      url: external,
      adminPassword: FUZZ['FUZZ_ADMIN_PASSWORD'] ?? '',
      close: async () => undefined,
    };
  }
  const scratch = await createScratchDatabase();
  const webDir = mkdtempSync(join(tmpdir(), 'hyperion-web-'));
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Hyperion</title>');
  const app = await startTestApp({ DATABASE_URL: scratch.url, WEB_DIST_DIR: webDir });
  return {
    url: app.url,
    adminPassword: TEST_ADMIN_PASSWORD,
    close: async () => {
      await app.close();
      await scratch.drop();
      rmSync(webDir, { recursive: true, force: true });
    },
  };
}

/** A member who has signed in and chosen their own password (admin-set ones must be changed). */
async function signedInMember(t: Pick<TestApp, 'url'>, adminToken: string, roles: string[]) {
  const member = await createUser(t, adminToken, roles, STRONG_PASSWORD);
  const first = await loginAs(t, member.username, STRONG_PASSWORD);
  const password = `${STRONG_PASSWORD}-Own-9`;
  if (first.mustChangePassword) {
    await request(t.url)
      .post(AUTH_ROUTES.password)
      .set('Authorization', `Bearer ${first.accessToken}`)
      .send({ currentPassword: STRONG_PASSWORD, newPassword: password })
      .expect(204);
    return {
      ...member,
      password,
      token: (await loginAs(t, member.username, password)).accessToken,
    };
  }
  return { ...member, password: STRONG_PASSWORD, token: first.accessToken };
}

describe('fuzzing every OpenAPI operation', () => {
  let target: { url: string; adminPassword: string; close: () => Promise<void> };
  let report: FuzzReport;

  beforeAll(async () => {
    target = await startTarget();
  });

  afterAll(() => target?.close());

  it(`answers ${REQUESTS} malformed requests without a 5xx or a hang`, async () => {
    // The fuzzer acts as the seeded admin (a platform administrator, so every route is reached
    // past its permission check). A second administrator, never fuzzed, unlocks it when the
    // fuzz's wrong passwords (password change, 2FA disable) lock it out.
    const t = { url: target.url };
    let token = (await loginAs(t, 'admin', target.adminPassword)).accessToken;
    const keeper = await signedInMember(t, token, ['admin']);
    const me = await request(t.url).get(AUTH_ROUTES.me).set('Authorization', `Bearer ${token}`);
    const adminId: string = me.body.id;

    // Targets the fuzz may legitimately change: another member and another organisation.
    const victim = await createUser(t, token, ['viewer'], STRONG_PASSWORD);
    const org = await request(t.url)
      .post(ORGANIZATION_ROUTES.platformOrganizations)
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'Fuzz victims', slug: unique('fuzz') });
    expect(org.status).toBe(201);

    const document = (await request(t.url).get('/api/docs/json').expect(200))
      .body as OpenApiDocument;
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThan(25);
    // The document describes bodies (the swagger compiler plugin ran), so fields get fuzzed.
    expect(operations.find((op) => op.path === AUTH_ROUTES.login)?.bodyProperties).toHaveProperty(
      'password',
    );

    const auth = { authorization: '' };
    const renew = async () => {
      const whoami = await request(t.url)
        .get(AUTH_ROUTES.whoami)
        .set('Authorization', `Bearer ${token}`);
      if (whoami.status === 200) return;
      await request(t.url)
        .post(`${AUTH_ROUTES.users}/${adminId}/unlock`)
        .set('Authorization', `Bearer ${keeper.token}`);
      token = (await loginAs(t, 'admin', target.adminPassword)).accessToken;
      auth.authorization = `Bearer ${token}`;
    };
    auth.authorization = `Bearer ${token}`;

    const cases = fuzzCases(
      operations,
      {
        get authorization() {
          return auth.authorization;
        },
        knownIds: [victim.id, org.body.id],
      },
      REQUESTS,
      SEED,
    );
    report = await runFuzz({
      baseUrl: t.url,
      cases,
      concurrency: 16,
      timeoutMs: 15_000,
      every: { requests: 64, run: renew },
    });
    if (FUZZ['FUZZ_REPORT']) {
      writeFileSync(FUZZ['FUZZ_REPORT'], JSON.stringify(report, null, 2));
    }

    const show = (list: FuzzReport['serverErrors']) =>
      list
        .slice(0, 5)
        .map(
          (a) =>
            `${a.case.method} ${a.case.path.slice(0, 120)} [${a.case.variant}] → ${a.status} ${a.error ?? a.body.slice(0, 200)}`,
        )
        .join('\n');
    expect(report.requests).toBe(REQUESTS);
    expect(report.operations).toBe(operations.length);
    expect(show(report.serverErrors)).toBe('');
    expect(show(report.noAnswer)).toBe('');
    expect(show(report.withoutEnvelope)).toBe('');

    // The server is still whole: healthy, and the keeper can still sign in.
    await request(t.url).get('/health').expect(200);
    await loginAs(t, keeper.username, keeper.password);
  });
});
