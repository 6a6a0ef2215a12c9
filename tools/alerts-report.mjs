#!/usr/bin/env node
// npm run alerts:report -- --month YYYY-MM [--organization <slug>]
// The monthly critical alert report (apps/api/src/cli/alerts-report.ts), run with the
// workspace's TypeScript path aliases; its exit status is the script's (2: malformed month).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const result = spawnSync(
  process.execPath,
  [
    '-r',
    'ts-node/register',
    '-r',
    'tsconfig-paths/register',
    'apps/api/src/cli/alerts-report.ts',
    ...process.argv.slice(2),
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      TS_NODE_PROJECT: 'apps/api/tsconfig.app.json',
      TS_NODE_TRANSPILE_ONLY: 'true',
      TS_NODE_COMPILER_OPTIONS: JSON.stringify({ module: 'commonjs' }),
    },
  },
);
process.exit(result.status ?? 1);
