import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AppConfig } from '@hyperion/api/core';

import { parseServiceList, Systemctl } from './systemctl';

describe('parseServiceList', () => {
  it('reads the services of systemctl list-units --output=json, sorted by unit', () => {
    const json = JSON.stringify([
      {
        unit: 'ssh.service',
        load: 'loaded',
        active: 'active',
        sub: 'running',
        job: null,
        description: 'OpenBSD Secure Shell server',
      },
      {
        unit: 'cron.service',
        load: 'loaded',
        active: 'inactive',
        sub: 'dead',
        description: 'Regular background program processing daemon',
      },
      {
        unit: 'dbus.socket',
        load: 'loaded',
        active: 'active',
        sub: 'running',
        description: 'D-Bus Socket',
      },
      { unit: 'gone.service', load: 'not-found', active: 'inactive', sub: 'dead' },
    ]);
    expect(parseServiceList(json)).toEqual([
      {
        unit: 'cron.service',
        load: 'loaded',
        active: 'inactive',
        sub: 'dead',
        description: 'Regular background program processing daemon',
      },
      { unit: 'gone.service', load: 'not-found', active: 'inactive', sub: 'dead', description: '' },
      {
        unit: 'ssh.service',
        load: 'loaded',
        active: 'active',
        sub: 'running',
        description: 'OpenBSD Secure Shell server',
      },
    ]);
    expect(parseServiceList('[]')).toEqual([]);
  });

  it('answers null for anything else', () => {
    for (const text of [
      '',
      'UNIT LOAD ACTIVE SUB',
      '{}',
      '[1]',
      '[{"unit":"a.service"}]',
      '[null]',
    ]) {
      expect(parseServiceList(text)).toBeNull();
    }
  });
});

describe('Systemctl, running real programs', () => {
  let dir: string;
  const systemctl = (path: string, runtimeDir = join(dir, 'runtime')) =>
    new Systemctl({ systemctlPath: path, systemdRuntimeDir: runtimeDir } as AppConfig);
  const script = (name: string, body: string) => {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hyperion-systemctl-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says systemd runs only while its runtime directory exists', () => {
    const runtime = join(dir, 'runtime');
    expect(systemctl('/bin/true', runtime).systemdRuns()).toBe(false);
    writeFileSync(join(dir, 'a-file'), '');
    expect(systemctl('/bin/true', join(dir, 'a-file')).systemdRuns()).toBe(false);
    mkdirSync(runtime);
    expect(systemctl('/bin/true', runtime).systemdRuns()).toBe(true);
  });

  it('passes the arguments as they are (no shell) and returns the exit status and output', async () => {
    const echo = script(
      'echo-args',
      'for a in "$@"; do printf "[%s]" "$a"; done; echo oops >&2; exit 3',
    );
    const run = await systemctl(echo).run(['restart', '--', 'a;b $(id) `x`'], 5000);
    expect(run).toEqual({
      kind: 'exited',
      exitCode: 3,
      stdout: '[restart][--][a;b $(id) `x`]',
      stderr: 'oops\n',
    });
  });

  it('kills a systemctl that does not finish in time, and says so', async () => {
    const slow = script('slow', 'exec sleep 30');
    const started = Date.now();
    expect(await systemctl(slow).run(['start', '--', 'x.service'], 300)).toEqual({
      kind: 'timed_out',
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('reports a systemctl that cannot be run', async () => {
    const run = await systemctl(join(dir, 'missing')).run(['list-units'], 5000);
    expect(run).toMatchObject({ kind: 'not_run', message: expect.stringContaining('ENOENT') });
  });
});
