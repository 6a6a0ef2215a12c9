import { loadConfig, StartupError } from '@hyperion/api/core';
import { NotFoundException, UnauthorizedException } from '@nestjs/common';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { dataDirToken, METRICS_TOKEN_FILE, MetricsAccess, sameToken } from './metrics-access';

describe('who may read /metrics', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hyperion-metrics-access-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a token once into DATA_DIR (mode 0600) and reads the same one on every later start', () => {
    const first = dataDirToken(join(dir, 'data'));
    expect(first.created).toBe(true);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    expect(readFileSync(first.path, 'utf8')).toBe(`${first.token}\n`);
    const again = dataDirToken(join(dir, 'data'));
    expect(again).toEqual({ token: first.token, path: first.path, created: false });
  });

  it('refuses to start on a token file that does not hold a token, naming the file', () => {
    writeFileSync(join(dir, METRICS_TOKEN_FILE), 'short\n');
    expect(() => dataDirToken(dir)).toThrow(StartupError);
    expect(() => dataDirToken(dir)).toThrow(`${join(dir, METRICS_TOKEN_FILE)} must hold one token`);
  });

  it('compares tokens whatever their lengths', () => {
    expect(sameToken('a'.repeat(40), 'a'.repeat(40))).toBe(true);
    expect(sameToken('a'.repeat(39), 'a'.repeat(40))).toBe(false);
    expect(sameToken('', 'a'.repeat(40))).toBe(false);
  });

  it('takes METRICS_TOKEN as the bearer token and writes no file then', () => {
    const access = new MetricsAccess(
      loadConfig({ DATA_DIR: dir, METRICS_TOKEN: 'configured-token-0123456789' }),
    );
    expect(() => access.check('Bearer configured-token-0123456789')).not.toThrow();
    expect(() => access.check('bearer   configured-token-0123456789 ')).not.toThrow();
    for (const refused of [
      undefined,
      '',
      'Bearer',
      'Bearer configured-token-012345678',
      'Basic configured-token-0123456789',
      'Bearer configured-token-0123456789 extra',
    ]) {
      expect(() => access.check(refused)).toThrow(UnauthorizedException);
    }
    expect(() => statSync(join(dir, METRICS_TOKEN_FILE))).toThrow();
  });

  it('answers 404 to everyone when METRICS_ENABLED=false, and generates nothing', () => {
    const access = new MetricsAccess(loadConfig({ DATA_DIR: dir, METRICS_ENABLED: 'false' }));
    expect(access.enabled).toBe(false);
    expect(() => access.check('Bearer anything-at-all-here')).toThrow(NotFoundException);
    expect(() => statSync(join(dir, METRICS_TOKEN_FILE))).toThrow();
  });
});
