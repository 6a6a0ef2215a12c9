import type { Client, ClientChannel } from 'ssh2';

import { SshFailure, SshHop } from '../connection/ssh-connector';

export interface CommandLimits {
  timeoutMs: number;
  /** stdout and stderr together, in bytes. */
  maxOutputBytes: number;
}

export interface CommandOutcome {
  exitCode: number | null;
  signal: string | null;
  stdout: Buffer;
  stderr: Buffer;
  truncated: boolean;
  timedOut: boolean;
  durationMs: number;
}

/**
 * Runs `command` on an authenticated connection. Output is kept up to `maxOutputBytes` (both
 * streams together, in arrival order); the rest is read and dropped, never buffered, and the
 * result is flagged `truncated`. At `timeoutMs` the remote process is sent KILL and the channel
 * closed; the result is flagged `timedOut` with whatever came before.
 */
export function runCommand(
  client: Client,
  hop: SshHop,
  command: string,
  limits: CommandLimits,
): Promise<CommandOutcome> {
  return new Promise<CommandOutcome>((resolve, reject) => {
    const started = performance.now();
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let budget = limits.maxOutputBytes;
    let truncated = false;
    let timedOut = false;
    let exitCode: number | null = null;
    let signal: string | null = null;
    let channel: ClientChannel | null = null;
    let done = false;

    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      client.off('close', lost);
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(stdout),
        stderr: Buffer.concat(stderr),
        truncated,
        timedOut,
        durationMs: Math.round(performance.now() - started),
      });
    };
    const timer = setTimeout(() => {
      timedOut = true;
      if (channel) {
        // OpenSSH honours `signal` requests when the session runs under privilege separation
        // (not for root's sessions); closing the channel ends our side whatever the server did,
        // and the process loses its output pipes.
        try {
          channel.signal('KILL');
        } catch {
          // The channel may already be closing.
        }
        channel.close();
      }
      finish();
    }, limits.timeoutMs);
    // The connection dropping mid-command ends it with what came so far.
    const lost = () => finish();
    client.once('close', lost);

    const keep = (into: Buffer[]) => (chunk: Buffer) => {
      if (budget <= 0) {
        truncated = true;
        return;
      }
      if (chunk.length > budget) {
        into.push(Buffer.from(chunk.subarray(0, budget)));
        budget = 0;
        truncated = true;
        return;
      }
      into.push(chunk);
      budget -= chunk.length;
    };

    client.exec(command, (error, opened) => {
      if (error) {
        done = true;
        clearTimeout(timer);
        client.off('close', lost);
        reject(new SshFailure('channel', hop, `could not run the command: ${error.message}`));
        return;
      }
      channel = opened;
      if (done) {
        opened.close();
        return;
      }
      opened.on('data', keep(stdout));
      opened.stderr.on('data', keep(stderr));
      opened.on('exit', (code: number | null, signalName?: string) => {
        if (typeof code === 'number') exitCode = code;
        if (signalName) signal = signalName;
      });
      opened.once('close', finish);
    });
  });
}
