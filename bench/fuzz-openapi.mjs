#!/usr/bin/env node
// bench/fuzz-openapi: the fuzz test of every OpenAPI operation (apps/api/src/test/fuzz-openapi.spec.ts)
// at full size against the built server with the console build served. Prints the answers by
// status, the operations covered and the latency; fails on any 5xx, hang or error without the
// JSON envelope. Target (hardening issue): >= 5,000 requests, no 5xx.
//
//   npm run build && node bench/fuzz-openapi.mjs          (FUZZ_REQUESTS=10000 FUZZ_SEED=...)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BENCH_ADMIN_PASSWORD, startBenchServer } from './lib/bench-server.mjs';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
if (!existsSync('dist/apps/web/browser/index.html')) {
  throw new Error('the console build is missing: run `npm run build` first');
}
const dir = mkdtempSync(join(tmpdir(), 'hyperion-fuzz-'));
const reportPath = join(dir, 'report.json');
const { base, stop } = await startBenchServer();
try {
  const jest = spawnSync(
    process.execPath,
    [
      'node_modules/jest/bin/jest.js',
      '-c',
      'apps/api/jest.config.cts',
      'fuzz-openapi',
      '--testTimeout',
      '1800000',
    ],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        FUZZ_BASE_URL: base,
        FUZZ_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
        FUZZ_REQUESTS: String(REQUESTS),
        FUZZ_REPORT: reportPath,
      },
    },
  );
  if (!existsSync(reportPath)) throw new Error('the fuzz run wrote no report');
  const report = JSON.parse(readFileSync(reportPath, 'utf8'));
  console.log(
    `\nfuzz-openapi: ${report.requests} requests over ${report.operations} operations in ${report.seconds.toFixed(1)} s ` +
      `(${Math.round(report.requests / report.seconds)} req/s), p99 ${Math.round(report.p99Ms)} ms, max ${Math.round(report.maxMs)} ms`,
  );
  console.log('| answer | count |');
  console.log('| --- | ---: |');
  for (const [status, count] of Object.entries(report.byStatus).sort()) {
    console.log(`| ${status} | ${count} |`);
  }
  const bad = report.serverErrors.length + report.noAnswer.length + report.withoutEnvelope.length;
  console.log(
    `\n5xx: ${report.serverErrors.length}, no answer: ${report.noAnswer.length}, 4xx without the error envelope: ${report.withoutEnvelope.length}`,
  );
  process.exitCode = jest.status === 0 && bad === 0 && report.requests >= 5000 ? 0 : 1;
} finally {
  await stop();
  rmSync(dir, { recursive: true, force: true });
}
