#!/usr/bin/env node
// Run by `npm test` before the suites: the browser test needs Debian's Chromium, the API tests
// a Redis (the harness starts redis-server itself when none answers), the 2FA tests Debian's
// oathtool, an implementation of TOTP independent of the one Hyperion uses, the alerts tests
// a real Prometheus and Alertmanager, the hosts tests a real node_exporter, the SSH tests a real
// OpenSSH server, and the incidents browser test poppler's pdftotext (it reads the exported PDF
// back).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const missing = [];
if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0)
  missing.push('redis-server');
// The alerts tests start a real Prometheus and Alertmanager on loopback ports.
if (!existsSync('/usr/bin/prometheus')) missing.push('prometheus');
if (!existsSync('/usr/bin/prometheus-alertmanager')) missing.push('prometheus-alertmanager');
if (!existsSync('/usr/bin/prometheus-node-exporter')) missing.push('prometheus-node-exporter');
if (!existsSync('/usr/sbin/sshd')) missing.push('openssh-server');
if (spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).status !== 0) missing.push('poppler-utils');

if (missing.length > 0) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!root || !hasApt) {
    console.error(
      `Tests need: ${missing.join(', ')}. Install them (Debian: apt-get install -y ${missing.join(' ')}).`,
    );
    process.exit(1);
  }
  console.log(`Installing ${missing.join(', ')} from Debian's packages for the tests...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', ...missing],
  ]) {
    if (spawnSync('apt-get', args, { stdio: 'inherit', env }).status !== 0) process.exit(1);
  }
}
