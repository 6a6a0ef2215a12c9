#!/usr/bin/env node
// `node tools/check-generator.mjs`: proves that `npx nx g @hyperion/tools:domain` writes a domain
// that passes the quality gates UNCHANGED. In a temporary copy of the repository (git-tracked
// files plus uncommitted and untracked ones, node_modules symlinked) it generates a probe domain,
// then runs Prettier on the files written, ESLint, the typecheck and the new libraries' tests.
// Prints one line per step and a verdict; exits non-zero when a step fails; removes the copy.
//
//   node tools/check-generator.mjs [--name probe-widget] [--keep] [--timeout-minutes 30]
//
// The API tests use TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres) when it
// is set, otherwise the embedded PostgreSQL, like `npm test`.
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}
const name = option('name', 'probe-widget');
const keep = process.argv.includes('--keep');
const totalMinutes = Number(option('timeout-minutes', '30'));
const deadline = Date.now() + totalMinutes * 60_000;

const env = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  NX_SKIP_NX_CACHE: 'true',
  CI: 'true',
  FORCE_COLOR: '0',
};

// eslint-disable-next-line no-control-regex
const stripAnsi = (text) => text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');

/** The process group running now (ended, with the copy removed, on Ctrl-C or SIGTERM). */
let current = null;

/** Runs a command in the copy, bounded by `minutes` and the overall deadline; never throws. */
function run(cwd, command, args, minutes) {
  const limit = Math.max(1_000, Math.min(minutes * 60_000, deadline - Date.now()));
  return new Promise((done) => {
    const started = Date.now();
    // Its own process group, so a timeout ends the whole tree (nx → jest workers ...).
    const child = spawn(command, args, {
      cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    current = child;
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, limit);
    child.on('close', (code) => {
      clearTimeout(timer);
      current = null;
      done({
        ok: code === 0 && !timedOut,
        code,
        timedOut,
        seconds: Math.round((Date.now() - started) / 1000),
        output: stripAnsi(output),
      });
    });
  });
}

/** A copy of the working tree as git sees it (tracked + untracked, minus ignored and deleted). */
function copyRepository(target) {
  const listed = spawnSync('git', ['ls-files', '-z', '-c', '-o', '--exclude-standard'], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  const files = [...new Set(listed.stdout.split('\0').filter(Boolean))];
  let copied = 0;
  for (const file of files) {
    const from = join(repo, file);
    if (!existsSync(from) || !lstatSync(from).isFile()) continue; // deleted, or a symlink/dir
    const to = join(target, file);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
    copied++;
  }
  symlinkSync(join(repo, 'node_modules'), join(target, 'node_modules'), 'dir');
  return copied;
}

const results = [];
function report(step, result, detail = '') {
  results.push({ step, ok: result.ok });
  const verdict = result.timedOut ? 'TIMEOUT' : result.ok ? 'pass' : 'FAIL';
  console.log(`${verdict.padEnd(7)} ${step} (${result.seconds}s)${detail ? ` — ${detail}` : ''}`);
  if (!result.ok) {
    const tail = result.output.trim().split('\n').slice(-80).join('\n');
    console.log(
      `        ┌── output (last 80 lines)\n${tail.replace(/^/gm, '        │ ')}\n        └──`,
    );
  }
}

/** Typecheck errors split by file: in the generated files, or elsewhere (others' work). */
function typecheckDetail(output, generatedRoots) {
  const errors = [...output.matchAll(/^([^\s(]+\.tsx?)\(\d+,\d+\): error TS\d+/gm)].map(
    (m) => m[1],
  );
  const inGenerated = errors.filter((f) => generatedRoots.some((root) => f.startsWith(root)));
  const elsewhere = [...new Set(errors.filter((f) => !inGenerated.includes(f)))];
  const failing = [...output.matchAll(/^✖ (\S+)/gm)].map((m) => m[1]);
  return (
    `${failing.length} config(s) failing; ${inGenerated.length} error(s) in generated files` +
    (elsewhere.length
      ? `, errors elsewhere in: ${elsewhere.slice(0, 8).join(', ')}${elsewhere.length > 8 ? ' …' : ''}`
      : '')
  );
}

const work = mkdtempSync(join(tmpdir(), 'hyperion-generator-check-'));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    try {
      if (current) process.kill(-current.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    if (!keep) rmSync(work, { recursive: true, force: true });
    console.log(`\nGENERATOR CHECK FAILED: interrupted (${signal})`);
    process.exit(1);
  });
}
let exitCode = 1;
try {
  console.log(
    `Generator check: "${name}" in a copy of ${repo} (${work}), at most ${totalMinutes} min`,
  );
  console.log(`        copied ${copyRepository(work)} files, node_modules symlinked`);

  const generated = await run(
    work,
    'npx',
    ['nx', 'g', '@hyperion/tools:domain', name, '--no-interactive'],
    5,
  );
  const written = [...generated.output.matchAll(/^(?:CREATE|UPDATE) (\S+)/gm)].map((m) => m[1]);
  report('generate', generated, `${written.length} files written`);
  if (!generated.ok) throw new Error('generation failed');

  const formattable = written.filter((f) => /\.(ts|mts|cts|mjs|js|json|html|scss|md)$/.test(f));
  report(
    'prettier --check (files written)',
    await run(work, 'npx', ['prettier', '--check', ...formattable], 5),
  );

  const projects = [`api-${name}`, `web-${name}`, 'contracts', 'api'];
  report(
    `lint ${projects.join(' ')} (--max-warnings 0)`,
    await run(
      work,
      'npx',
      [
        'nx',
        'run-many',
        '-t',
        'lint',
        '-p',
        ...projects,
        '--outputStyle=static',
        '--',
        '--max-warnings',
        '0',
      ],
      15,
    ),
  );

  // The projects the generator wrote into (its new libraries, and the apps and contracts it
  // registered them in); the whole tree is typechecked by CI's own step.
  const roots = [
    ...new Set(
      written
        .map((file) => /^(apps\/[^/]+|libs\/[^/]+\/[^/]+)\//.exec(file)?.[1])
        .filter((root) => root !== undefined),
    ),
  ];
  const typecheck = await run(work, 'node', ['tools/typecheck.mjs', ...roots], 15);
  report(
    `typecheck (node tools/typecheck.mjs ${roots.join(' ')})`,
    typecheck,
    typecheckDetail(typecheck.output, [
      `libs/api/${name}/`,
      `libs/web/${name}/`,
      `libs/shared/contracts/src/lib/${name}.ts`,
    ]),
  );

  report(
    `test api-${name} (PostgreSQL: ${process.env.TEST_DATABASE_URL ? 'TEST_DATABASE_URL' : 'embedded'})`,
    await run(work, 'npx', ['nx', 'test', `api-${name}`, '--outputStyle=static'], 10),
  );
  report(
    `test web-${name} (Vitest through the web app's build)`,
    await run(work, 'npx', ['nx', 'test', `web-${name}`, '--outputStyle=static'], 10),
  );
  report(
    "test tools-hyperion (the generator's own specs)",
    await run(work, 'npx', ['nx', 'test', 'tools-hyperion', '--outputStyle=static'], 5),
  );

  exitCode = results.every((r) => r.ok) ? 0 : 1;
} catch (error) {
  console.log(`FAIL    ${error instanceof Error ? error.message : String(error)}`);
} finally {
  if (keep) console.log(`        kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

const failed = results.filter((r) => !r.ok).map((r) => r.step);
console.log(
  exitCode === 0
    ? `\nGENERATOR CHECK PASSED (${results.length} steps)`
    : `\nGENERATOR CHECK FAILED${failed.length ? `: ${failed.join('; ')}` : ''}`,
);
process.exit(exitCode);
