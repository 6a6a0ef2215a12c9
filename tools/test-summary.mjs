#!/usr/bin/env node
// Adds up the per-project summaries of a test log (Jest "Tests: ..." and Vitest "Tests  ...")
// into one closing line: "tests: N passed, N failed, N skipped".
import { readFileSync } from 'node:fs';

const text = readFileSync(process.argv[2], 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
const totals = { passed: 0, failed: 0, skipped: 0 };
let suites = 0;
for (const line of text.split('\n')) {
  const m = /^(?:\S+:\s+)?\s*Tests:?\s+(.*\d+ (?:passed|failed).*)$/.exec(line);
  if (!m) continue;
  suites++;
  for (const [, n, kind] of m[1].matchAll(/(\d+) (passed|failed|skipped)/g))
    totals[kind] += Number(n);
}
console.log(`\nTest projects summarised: ${suites}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || suites === 0 ? 1 : 0);
