import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

import type { CheckContext, CheckRun } from './check-support';
import {
  down,
  duration,
  endpoint,
  networkError,
  redact,
  since,
  TargetError,
  TargetFields,
  truncate,
  up,
} from './check-support';

/** A Redis server answers short lines; more than this without a full reply is not Redis. */
const REPLY_MAX = 64 * 1024;

interface RedisSettings {
  tls: boolean;
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
}

/** One command sent and the reply it must get. */
interface Step {
  name: string;
  args: string[];
  expect: string;
}

/**
 * `PING` answers `PONG`, over raw RESP (AUTH and SELECT first when the URL asks for them), so
 * the check needs no client library and opens exactly one connection.
 */
export async function checkRedis(target: unknown, context: CheckContext): Promise<CheckRun> {
  const s = readSettings(target);
  const steps: Step[] = [];
  if (s.password !== undefined) {
    const args = s.username ? [s.username, s.password] : [s.password];
    steps.push({ name: 'AUTH', args: ['AUTH', ...args], expect: '+OK' });
  }
  if (s.db !== undefined)
    steps.push({ name: 'SELECT', args: ['SELECT', String(s.db)], expect: '+OK' });
  steps.push({ name: 'PING', args: ['PING'], expect: '+PONG' });
  const result = await converse(s, steps, context);
  return { ...result, message: redact(result.message, s.password) };
}

function readSettings(target: unknown): RedisSettings {
  const hint = 'url: expected redis://[[user]:password@]host[:port][/db] or rediss://…';
  let url: URL;
  try {
    url = new URL(new TargetFields(target).string('url'));
  } catch (error) {
    throw error instanceof TargetError ? error : new TargetError(hint);
  }
  if ((url.protocol !== 'redis:' && url.protocol !== 'rediss:') || !url.hostname)
    throw new TargetError(hint);
  const dbText = url.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d+$/.test(dbText)) throw new TargetError(hint);
  return {
    tls: url.protocol === 'rediss:',
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : 6379,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: dbText === '' ? undefined : Number(dbText),
  };
}

/** RESP: an array of bulk strings. */
function encode(args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

function converse(
  s: RedisSettings,
  steps: Step[],
  { signal, timeoutMs }: CheckContext,
): Promise<CheckRun> {
  const where = endpoint(s.host, s.port);
  const start = performance.now();

  return new Promise((resolve) => {
    const socket: Socket = s.tls
      ? connectTls({ host: s.host, port: s.port, servername: s.host })
      : connectTcp({ host: s.host, port: s.port });
    let buffer = '';
    let next = 0;
    const finish = (result: CheckRun) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = () => finish(down(`no answer within ${duration(timeoutMs)} (${where})`));
    signal.addEventListener('abort', onAbort);

    // The commands go out together; the replies come back in order, one line each.
    socket.once(s.tls ? 'secureConnect' : 'connect', () =>
      socket.write(steps.map((step) => encode(step.args)).join('')),
    );
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const reply = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const step = steps[next++];
        if (reply !== step.expect) {
          const said = reply.startsWith('-')
            ? reply.slice(1)
            : `unexpected reply ${JSON.stringify(truncate(reply, 80))}`;
          return finish(down(`Redis ${step.name}: ${said} (${where})`, since(start)));
        }
        if (next === steps.length)
          return finish(up(`Redis answered PONG in ${since(start)} ms`, since(start)));
      }
      if (buffer.length > REPLY_MAX)
        finish(down(`not a Redis server: no reply line in ${REPLY_MAX} bytes (${where})`));
    });
    socket.on('error', (error) => finish(down(networkError(error, where))));
    socket.on('close', () =>
      finish(down(`connection closed by the server before PONG (${where})`)),
    );
  });
}
