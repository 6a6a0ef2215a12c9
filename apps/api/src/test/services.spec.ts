import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { ServiceList } from '@hyperion/contracts';
import { SERVICE_CONTROL_UNAVAILABLE, SYSTEM_ROUTES } from '@hyperion/contracts';
import request from 'supertest';

import { auditRows, createUser } from './auth-helpers';
import { adminToken, loginAs, startTestApp, TestApp } from './test-app';

const UNITS = [
  {
    unit: 'ssh.service',
    load: 'loaded',
    active: 'active',
    sub: 'running',
    job: '',
    description: 'OpenBSD Secure Shell server',
  },
  {
    unit: 'cron.service',
    load: 'loaded',
    active: 'inactive',
    sub: 'dead',
    job: '',
    description: 'Regular background program processing daemon',
  },
  {
    unit: 'dbus.socket',
    load: 'loaded',
    active: 'active',
    sub: 'running',
    job: '',
    description: 'D-Bus System Message Bus Socket',
  },
  {
    unit: 'nginx.service',
    load: 'loaded',
    active: 'active',
    sub: 'running',
    job: '',
    description: 'A high performance web server',
  },
];

/**
 * A stand-in for systemctl: a real executable that Hyperion runs through its real code path.
 * It appends its arguments (one call a line, tab-separated) to `record`, prints UNITS as
 * `systemctl list-units --output=json` does, and answers actions like systemctl: exit 5
 * "not found" for missing.service, exit 1 with a message for broken.service, else 0.
 */
function writeFakeSystemctl(dir: string, record: string): string {
  const path = join(dir, 'systemctl');
  writeFileSync(
    path,
    `#!/bin/sh
line=""
for a in "$@"; do line="$line$a	"; done
printf '%s\\n' "$line" >> '${record}'
case "$1" in
  list-units) printf '%s\\n' '${JSON.stringify(UNITS)}'; exit 0 ;;
esac
unit="$3"
case "$unit" in
  missing.service) echo "Failed to $1 $unit: Unit $unit not found." >&2; exit 5 ;;
  broken.service) echo "Job for $unit failed because the control process exited with error code." >&2; exit 1 ;;
esac
exit 0
`,
  );
  chmodSync(path, 0o755);
  return path;
}

/**
 * The services endpoints: on a host without systemd (SYSTEMD_RUNTIME_DIR absent) they say so
 * plainly; with systemd present (the directory created) and SYSTEMCTL_PATH pointing at a fake
 * systemctl, the list is parsed and actions run `systemctl <action> -- <unit>`, audited.
 */
describe('systemd services of this host', () => {
  let dir: string;
  let record: string;
  let fakeSystemctl: string;
  let withoutSystemd: TestApp;
  let withSystemd: TestApp;
  let operator: string;
  let viewer: string;

  const calls = (): string[][] =>
    existsSync(record)
      ? readFileSync(record, 'utf8')
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => l.split('\t').filter((a) => a !== ''))
      : [];
  const get = (t: TestApp, token: string) =>
    request(t.url).get(SYSTEM_ROUTES.services).set('Authorization', `Bearer ${token}`);
  const act = (t: TestApp, token: string, path: string) =>
    request(t.url).post(path).set('Authorization', `Bearer ${token}`).send();
  const serviceRows = (t: TestApp, unit: string) =>
    auditRows(t, { action: 'service_control', target: `service:${unit}` });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hyperion-services-'));
    record = join(dir, 'calls.log');
    fakeSystemctl = writeFakeSystemctl(dir, record);
    const runtimeDir = join(dir, 'run-systemd-system');
    mkdirSync(runtimeDir);
    withoutSystemd = await startTestApp({
      SYSTEMD_RUNTIME_DIR: join(dir, 'absent'),
      SYSTEMCTL_PATH: fakeSystemctl,
    });
    withSystemd = await startTestApp({
      SYSTEMD_RUNTIME_DIR: runtimeDir,
      SYSTEMCTL_PATH: fakeSystemctl,
    });
    const admin = await adminToken(withSystemd);
    const op = await createUser(withSystemd, admin, ['operator']);
    operator = (await loginAs(withSystemd, op.username, op.password)).accessToken;
    const view = await createUser(withSystemd, admin, ['viewer']);
    viewer = (await loginAs(withSystemd, view.username, view.password)).accessToken;
  });

  afterAll(async () => {
    await withoutSystemd?.close();
    await withSystemd?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('without systemd: a 200 saying service control is unavailable, and every action a 409, on record', async () => {
    const res = await get(withoutSystemd, viewer);
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: {
        available: false,
        reason: 'service control unavailable on this host: systemd is not running',
        services: [],
      } satisfies ServiceList,
    });
    for (const action of ['start', 'stop', 'restart'] as const) {
      const refused = await act(
        withoutSystemd,
        operator,
        SYSTEM_ROUTES.serviceAction('cron.service', action),
      );
      expect({ status: refused.status, message: refused.body.message }).toEqual({
        status: 409,
        message: `${SERVICE_CONTROL_UNAVAILABLE}: systemd is not running`,
      });
    }
    // systemctl was never run.
    expect(calls()).toEqual([]);
    expect((await serviceRows(withoutSystemd, 'cron.service'))[0]).toMatchObject({
      result: 'failure',
      details: { unit: 'cron.service', action: 'start', outcome: 'unavailable' },
    });
  });

  it('with systemd: lists the services systemctl reports, sorted, without other unit types', async () => {
    const res = await get(withSystemd, viewer);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      available: true,
      reason: null,
      services: [
        {
          unit: 'cron.service',
          load: 'loaded',
          active: 'inactive',
          sub: 'dead',
          description: 'Regular background program processing daemon',
        },
        {
          unit: 'nginx.service',
          load: 'loaded',
          active: 'active',
          sub: 'running',
          description: 'A high performance web server',
        },
        {
          unit: 'ssh.service',
          load: 'loaded',
          active: 'active',
          sub: 'running',
          description: 'OpenBSD Secure Shell server',
        },
      ],
    } satisfies ServiceList);
    expect(calls().at(-1)).toEqual([
      'list-units',
      '--type=service',
      '--all',
      '--no-pager',
      '--output=json',
    ]);
  });

  it('restart runs `systemctl restart -- <unit>`, answers the unit as it now stands, and is audited', async () => {
    const before = calls().length;
    const res = await act(
      withSystemd,
      operator,
      SYSTEM_ROUTES.serviceAction('nginx.service', 'restart'),
    );
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: {
        unit: 'nginx.service',
        action: 'restart',
        service: {
          unit: 'nginx.service',
          load: 'loaded',
          active: 'active',
          sub: 'running',
          description: 'A high performance web server',
        },
      },
    });
    const made = calls().slice(before);
    expect(made[0]).toEqual(['restart', '--', 'nginx.service']);
    expect(made[1]).toEqual([
      'list-units',
      '--type=service',
      '--all',
      '--no-pager',
      '--output=json',
      '--',
      'nginx.service',
    ]);
    expect(await serviceRows(withSystemd, 'nginx.service')).toEqual([
      expect.objectContaining({
        result: 'success',
        details: { unit: 'nginx.service', action: 'restart', outcome: 'done', exitCode: 0 },
      }),
    ]);
  });

  it("a unit systemd does not know is a 404, a failed action a 502 with systemctl's words, both on record", async () => {
    const missing = await act(
      withSystemd,
      operator,
      SYSTEM_ROUTES.serviceAction('missing.service', 'start'),
    );
    expect({ status: missing.status, message: missing.body.message }).toEqual({
      status: 404,
      message: 'missing.service is not a unit of this host',
    });
    const broken = await act(
      withSystemd,
      operator,
      SYSTEM_ROUTES.serviceAction('broken.service', 'stop'),
    );
    expect({ status: broken.status, message: broken.body.message }).toEqual({
      status: 502,
      message:
        'systemctl stop broken.service failed (exit 1): Job for broken.service failed because the control process exited with error code.',
    });
    expect(
      (await serviceRows(withSystemd, 'missing.service')).map((r) => [r.result, r.details]),
    ).toEqual([
      ['failure', expect.objectContaining({ action: 'start', outcome: 'not_found', exitCode: 5 })],
    ]);
    expect(
      (await serviceRows(withSystemd, 'broken.service')).map((r) => [r.result, r.details]),
    ).toEqual([
      [
        'failure',
        expect.objectContaining({
          action: 'stop',
          outcome: 'failed',
          exitCode: 1,
          message: broken.body.message,
        }),
      ],
    ]);
  });

  it('refuses bad unit names (400 naming unit) and unknown actions (400 naming action) without running systemctl', async () => {
    const before = calls().length;
    for (const unit of [
      '../x',
      'a;b',
      '',
      'x'.repeat(300),
      '-h.service',
      'ssh.socket',
      'a b.service',
    ]) {
      const res = await act(withSystemd, operator, SYSTEM_ROUTES.serviceAction(unit, 'restart'));
      expect({ unit, status: res.status, message: res.body.message }).toEqual({
        unit,
        status: 400,
        message: expect.stringMatching(/^unit must be a service unit name/),
      });
    }
    const res = await act(withSystemd, operator, '/api/v1/system/services/nginx.service/enable');
    expect({ status: res.status, message: res.body.message }).toEqual({
      status: 400,
      message: 'action must be one of start, stop, restart',
    });
    expect(calls().length).toBe(before);
  });

  it('a viewer may list but not act (403), and systemctl is not run', async () => {
    const before = calls().length;
    const res = await act(
      withSystemd,
      viewer,
      SYSTEM_ROUTES.serviceAction('nginx.service', 'stop'),
    );
    expect(res.status).toBe(403);
    expect(res.body.message).toContain('monitoring:control');
    expect(calls().length).toBe(before);
  });
});
