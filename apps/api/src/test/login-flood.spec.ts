import { AUTH_ROUTES } from '@hyperion/contracts';

import { unique } from './auth-helpers';
import { countStatuses, postFrom, requestFrom, SOURCE_ADDRESSES } from './http-from';
import { startTestApp, TEST_ADMIN_PASSWORD, TestApp } from './test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A login flood (100 parallel bogus logins spread over ten source addresses, each far under the
 * per-IP rate limit) must neither starve the database pool nor the event loop: argon2 runs at most
 * HASH_CONCURRENCY at once with a short queue, the rest is answered 503 at once, /health keeps
 * answering quickly, and a real login (retrying on 503 as the console does) still gets in.
 */
describe('login flood', () => {
  let t: TestApp;

  beforeAll(async () => {
    // The defaults: as many hashing slots as CPUs, a queue of four times that.
    t = await startTestApp();
  });

  afterAll(() => t?.close());

  it('100 parallel bogus logins: 401 or 503 at once, /health stays fast, a real login succeeds', async () => {
    const health: number[] = [];
    let flooding = true;
    const probe = (async () => {
      // Every 25 ms while the flood lasts (bounded: at most 2,000 probes).
      for (let i = 0; i < 2000 && flooding; i++) {
        const r = await requestFrom(t.url, 'GET', '/health', { timeoutMs: 10_000 });
        expect(r.status).toBe(200);
        health.push(r.ms);
        await sleep(25);
      }
    })();

    const started = performance.now();
    const bogus = Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        postFrom(
          t.url,
          AUTH_ROUTES.login,
          { username: unique('flood'), password: `not-a-password-${i}` },
          SOURCE_ADDRESSES[i % 10],
        ),
      ),
    );
    // A real user signs in during the flood, retrying on 503 after Retry-After (at most 30 tries).
    const real = (async () => {
      await sleep(50);
      for (let attempt = 1; attempt <= 30; attempt++) {
        const r = await postFrom(t.url, AUTH_ROUTES.login, {
          username: 'admin',
          password: TEST_ADMIN_PASSWORD,
        });
        if (r.status !== 503) return { ...r, attempt };
        await sleep(Number(r.headers['retry-after'] ?? 1) * 250);
      }
      throw new Error('the real login was refused with 503 thirty times');
    })();

    const answers = await bogus;
    const floodMs = performance.now() - started;
    const login = await real;
    flooding = false;
    await probe;

    const statuses = countStatuses(answers);
    expect(Object.keys(statuses).sort()).toEqual(['401', '503']);
    // Beyond the slots and the queue, refused at once: most of the flood never reached argon2.
    expect(statuses[503]).toBeGreaterThanOrEqual(50);
    for (const r of answers.filter((a) => a.status === 503)) {
      expect(r.body.message).toBe(
        'The server is busy checking other passwords; try again in a few seconds',
      );
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      expect(r.body.correlationId).toEqual(expect.any(String));
    }
    const refusedMs = Math.max(...answers.filter((a) => a.status === 503).map((a) => a.ms));

    expect(login.status).toBe(200);
    expect(login.body.accessToken).toEqual(expect.any(String));

    const sorted = [...health].sort((x, y) => x - y);
    const p50 = sorted[Math.floor(sorted.length / 2)];
    const max = sorted[sorted.length - 1];
    console.log(
      `login flood: ${JSON.stringify(statuses)} in ${floodMs.toFixed(0)} ms (slowest 503 ${refusedMs.toFixed(0)} ms); ` +
        `/health ${health.length} probes, p50 ${p50.toFixed(1)} ms, max ${max.toFixed(1)} ms; ` +
        `real login ${login.ms.toFixed(0)} ms after ${login.attempt} attempt(s)`,
    );
    // Every probe answered healthy (asserted above): the database pool was never starved, which
    // shows as /health's 2 s database probe timing out and a 503. The latency target (< 100 ms)
    // is measured by bench/login-flood.mjs on the built server; here the test client shares the
    // process and other work may share the CPU, so only a stall (argon2 on the event loop, a
    // pool queue) fails it.
    expect(health.length).toBeGreaterThan(0);
    expect(p50).toBeLessThan(500);
    expect(max).toBeLessThan(5000);
  });
});
