import { spawn } from 'node:child_process';

import type { CheckContext, CheckRun } from './check-support';
import { down, duration, TargetError, TargetFields, truncate, up } from './check-support';

/** A host name or an IP address; never something ping could read as an option. */
const HOST = /^[A-Za-z0-9_][A-Za-z0-9_.:-]*$/;
/** ping prints a few lines; anything beyond this is not read. */
const OUTPUT_MAX = 16 * 1024;
/** What ping says when the machine does not let it send ICMP. */
const NOT_PERMITTED = /not permitted|permission denied|lacking privilege/i;

/** One ICMP echo through the system's `ping` (Linux iputils options), where the host allows it. */
export async function checkPing(
  target: unknown,
  { signal, timeoutMs }: CheckContext,
): Promise<CheckRun> {
  const host = new TargetFields(target).string('host');
  if (!HOST.test(host) || host.length > 253) {
    throw new TargetError('host: expected a host name or an IP address');
  }
  const waitSeconds = String(Math.max(1, Math.ceil(timeoutMs / 1000)));

  return new Promise((resolve) => {
    const child = spawn('ping', ['-n', '-c', '1', '-W', waitSeconds, '--', host], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      if (output.length < OUTPUT_MAX) output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const finish = (result: CheckRun) => {
      signal.removeEventListener('abort', onAbort);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      resolve(result);
    };
    const onAbort = () => finish(down(`no ping reply from ${host} within ${duration(timeoutMs)}`));
    signal.addEventListener('abort', onAbort);

    child.once('error', (error: NodeJS.ErrnoException) =>
      finish(
        down(
          `ping is not available on this host (${error.code === 'ENOENT' ? 'no ping command installed' : error.message})`,
        ),
      ),
    );
    child.once('close', (code) => finish(verdict(host, code, output, timeoutMs)));
  });
}

function verdict(host: string, code: number | null, output: string, timeoutMs: number): CheckRun {
  const time = /time[=<]\s*([\d.]+)\s*ms/.exec(output);
  if (code === 0 && time) {
    const ms = Number(time[1]);
    return up(`ping reply from ${host} in ${ms} ms`, Math.round(ms));
  }
  const firstLine = truncate(output.trim().split('\n')[0] ?? '', 200);
  if (NOT_PERMITTED.test(output)) {
    return down(`ping is not available on this host (ICMP not permitted: ${firstLine})`);
  }
  // iputils: 1 = no reply, 2 = another error (unknown host, no route), said on stderr.
  if (code === 1) return down(`no ping reply from ${host} within ${duration(timeoutMs)}`);
  return down(firstLine ? `ping ${host}: ${firstLine}` : `ping ${host} failed (exit code ${code})`);
}
