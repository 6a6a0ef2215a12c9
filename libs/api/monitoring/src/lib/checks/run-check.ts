import type { MonitorKind } from '@hyperion/contracts';

import type { Checker, CheckOptions, CheckRun } from './check-support';
import { down, duration, errorText, TargetError, truncate } from './check-support';
import { checkDisk } from './disk-check';
import { checkDns } from './dns-check';
import { checkHttp } from './http-check';
import { checkLog } from './log-check';
import { checkPing } from './ping-check';
import { checkPostgres } from './postgres-check';
import { checkRedis } from './redis-check';
import { checkTcp } from './tcp-check';

export type { CheckOptions, CheckRun } from './check-support';

const CHECKERS: Record<Exclude<MonitorKind, 'push'>, Checker> = {
  http: checkHttp,
  tcp: checkTcp,
  postgres: checkPostgres,
  redis: checkRedis,
  dns: checkDns,
  ping: checkPing,
  disk: checkDisk,
  log: checkLog,
};

/** How long after the deadline a checker may take to clean up and word its own timeout. */
const GRACE_MS = 25;
const MESSAGE_MAX = 500;

/**
 * Runs one check of `kind` (any kind but 'push', which is not run but pushed). Never throws:
 * every failure is `up: false` with a message. Never lasts longer than timeoutMs (+ a few ms).
 */
export async function runCheck(
  kind: Exclude<MonitorKind, 'push'>,
  target: unknown,
  options: CheckOptions,
): Promise<CheckRun> {
  const checker = Object.hasOwn(CHECKERS, kind) ? CHECKERS[kind] : undefined;
  if (!checker) return down(`kind: expected one of ${Object.keys(CHECKERS).join(', ')}`);
  const { timeoutMs } = options;
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) {
    return down('timeoutMs: expected a positive number of milliseconds');
  }

  // At the deadline the checker is told to stop (it closes its sockets and words its own
  // timeout); should it still hang, the verdict is given without it a moment later.
  const controller = new AbortController();
  let graceTimer: NodeJS.Timeout | undefined;
  const deadline = setTimeout(() => controller.abort(), timeoutMs);
  const backstop = new Promise<CheckRun>((resolve) => {
    controller.signal.addEventListener('abort', () => {
      graceTimer = setTimeout(
        () => resolve(down(`no answer within ${duration(timeoutMs)}`)),
        GRACE_MS,
      );
    });
  });
  const run = checker(target, { ...options, signal: controller.signal }).catch(
    (error: unknown): CheckRun =>
      down(error instanceof TargetError ? error.message : `check failed: ${errorText(error)}`),
  );
  try {
    const result = await Promise.race([run, backstop]);
    return { ...result, message: oneLine(result.message) };
  } finally {
    clearTimeout(deadline);
    clearTimeout(graceTimer);
  }
}

/** Messages are shown in lists and sent in notifications: one line, bounded. */
function oneLine(message: string): string {
  return truncate(message.replace(/\s*[\r\n]+\s*/g, ' ').trim(), MESSAGE_MAX);
}
