#!/usr/bin/env node
// npm run migration:run | migration:revert | migration:generate -- <Name>
// Runs TypeORM's CLI on the standalone data source, with the workspace's TypeScript path aliases.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataSource = 'apps/api/src/migration-data-source.ts';
const migrationsDir = 'libs/api/core/src/lib/database/migrations';
const [command, name] = process.argv.slice(2);

const commands = {
  run: ['migration:run', '-d', dataSource],
  revert: ['migration:revert', '-d', dataSource],
  show: ['migration:show', '-d', dataSource],
  generate: ['migration:generate', `${migrationsDir}/${name}`, '-d', dataSource, '--pretty'],
};
if (!commands[command] || (command === 'generate' && !/^[A-Za-z][A-Za-z0-9]*$/.test(name ?? ''))) {
  console.error('usage: node tools/migrations.mjs run | revert | show | generate <PascalCaseName>');
  process.exit(2);
}

const result = spawnSync(
  process.execPath,
  [
    '-r',
    'ts-node/register',
    '-r',
    'tsconfig-paths/register',
    'node_modules/typeorm/cli.js',
    ...commands[command],
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
if (command === 'generate' && result.status === 0) {
  console.log(`\nNow add the new class to MIGRATIONS in ${migrationsDir}/index.ts.`);
}
process.exit(result.status ?? 1);
