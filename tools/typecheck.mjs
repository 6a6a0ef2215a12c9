#!/usr/bin/env node
// `npm run typecheck`: tsc --noEmit on every project's app, lib and spec tsconfig.
// `node tools/typecheck.mjs libs/api/x apps/api`: only the projects under those folders.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const configs = [];
const walk = (dir, depth) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('.'))
      continue;
    const path = join(dir, entry.name);
    for (const name of ['tsconfig.app.json', 'tsconfig.lib.json', 'tsconfig.spec.json']) {
      if (existsSync(join(path, name))) configs.push(join(path, name));
    }
    if (depth > 0) walk(path, depth - 1);
  }
};
walk('apps', 0);
walk('libs', 1);

const only = process.argv.slice(2).map((root) => root.replace(/\/+$/, '') + '/');
if (only.length > 0) {
  const kept = configs.filter((config) => only.some((root) => config.startsWith(root)));
  configs.splice(0, configs.length, ...kept);
}

const run = (config) =>
  new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['node_modules/typescript/bin/tsc', '-p', config, '--noEmit'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ config, code, out }));
  });

let failed = 0;
const queue = [...configs];
await Promise.all(
  [0, 1].map(async () => {
    while (queue.length > 0) {
      const result = await run(queue.shift());
      if (result.code !== 0) {
        failed++;
        process.stdout.write(`✖ ${result.config}\n${result.out}\n`);
      } else {
        process.stdout.write(`✔ ${result.config}\n`);
      }
    }
  }),
);
console.log(`typecheck: ${configs.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
