import type { ProcessStopResult } from '@hyperion/contracts';
import { SYSTEM_RULES } from '@hyperion/contracts';

const SECONDS = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** A stop's outcome in words, and whether it is a problem (the process still runs). */
export function stopOutcomeText(result: ProcessStopResult): { text: string; problem: boolean } {
  const who = `${result.name} (pid ${result.pid})`;
  const took = `${SECONDS.format(result.elapsedMs / 1000)} s`;
  switch (result.outcome) {
    case 'terminated':
      return { text: `${who} terminated: it exited after SIGTERM, in ${took}.`, problem: false };
    case 'killed':
      return {
        text: `${who} killed: it ignored SIGTERM for the grace period and exited after SIGKILL (${took} in all).`,
        problem: false,
      };
    case 'already_gone':
      return { text: `${who} was already gone: it had exited before any signal.`, problem: false };
    case 'unresponsive':
      return {
        text: `${who} did not exit: SIGKILL was sent, but ${SYSTEM_RULES.killWaitSeconds} s later it still ran (stuck in uninterruptible I/O, it ends when the I/O does).`,
        problem: true,
      };
  }
}

/** "12.5 %" of CPU, where 100 % is one core. */
export function cpuText(percent: number): string {
  return `${SECONDS.format(percent)} %`;
}
