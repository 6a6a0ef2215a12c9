import { connect } from 'node:net';

import type { CheckContext, CheckRun } from './check-support';
import { down, duration, endpoint, networkError, since, TargetFields, up } from './check-support';

/** A port accepts a connection; latency is the time to connect. */
export async function checkTcp(
  target: unknown,
  { signal, timeoutMs }: CheckContext,
): Promise<CheckRun> {
  const fields = new TargetFields(target);
  const host = fields.string('host');
  const port = fields.optionalNumber('port', 1, 65_535);
  if (port === undefined || !Number.isInteger(port)) {
    return down('port: expected a whole number from 1 to 65535');
  }
  const where = endpoint(host, port);
  const start = performance.now();

  return new Promise<CheckRun>((resolve) => {
    const socket = connect({ host, port });
    const finish = (result: CheckRun) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = () => finish(down(`no connection within ${duration(timeoutMs)} (${where})`));
    signal.addEventListener('abort', onAbort);
    socket.once('connect', () =>
      finish(up(`TCP connect to ${where} in ${since(start)} ms`, since(start))),
    );
    socket.once('error', (error) => finish(down(networkError(error, where))));
  });
}
