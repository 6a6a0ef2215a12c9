import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';

import { AppConfig } from '@hyperion/api/core';
import type { ServiceInfo } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

/** What running systemctl gave. */
export type SystemctlRun =
  | { kind: 'exited'; exitCode: number; stdout: string; stderr: string }
  | { kind: 'timed_out' }
  /** It could not be started (not installed, not executable) or its output was too large. */
  | { kind: 'not_run'; message: string };

/** A listing larger than this is refused (thousands of services fit in a few hundred KB). */
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/** `systemctl list-units` of services, as JSON (systemd 246 and later). */
export const LIST_SERVICES = [
  'list-units',
  '--type=service',
  '--all',
  '--no-pager',
  '--output=json',
];

/**
 * Runs systemctl — the SYSTEMCTL_PATH one — as a program with arguments, never through a
 * shell, with a time limit (then SIGKILL). systemd's presence is SYSTEMD_RUNTIME_DIR.
 */
@Injectable()
export class Systemctl {
  constructor(private readonly config: AppConfig) {}

  /** Whether systemd runs this host: it created its runtime directory at boot (sd_booted(3)). */
  systemdRuns(): boolean {
    return (
      statSync(this.config.systemdRuntimeDir, { throwIfNoEntry: false })?.isDirectory() ?? false
    );
  }

  run(args: readonly string[], timeoutMs: number): Promise<SystemctlRun> {
    return new Promise((resolve) => {
      execFile(
        this.config.systemctlPath,
        args,
        {
          timeout: timeoutMs,
          killSignal: 'SIGKILL',
          maxBuffer: MAX_OUTPUT_BYTES,
          encoding: 'utf8',
        },
        (error, stdout, stderr) => {
          if (!error) return resolve({ kind: 'exited', exitCode: 0, stdout, stderr });
          // execFile's error: `code` is the exit status, or an errno name when it could not be
          // run, or null when a signal ended it — ours (`killed`) when the time was up.
          const { code, killed } = error as { code?: unknown; killed?: boolean };
          if (typeof code === 'number') {
            return resolve({ kind: 'exited', exitCode: code, stdout, stderr });
          }
          if (code === null && killed) return resolve({ kind: 'timed_out' });
          resolve({ kind: 'not_run', message: error.message });
        },
      );
    });
  }
}

/**
 * The services in `systemctl list-units --output=json` (an array of objects with `unit`,
 * `load`, `active`, `sub`, `description`), sorted by unit; null when the text is not that.
 */
export function parseServiceList(text: string): ServiceInfo[] | null {
  let rows: unknown;
  try {
    rows = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(rows)) return null;
  const services: ServiceInfo[] = [];
  for (const row of rows) {
    if (typeof row !== 'object' || row === null) return null;
    const { unit, load, active, sub, description } = row as Record<string, unknown>;
    if (![unit, load, active, sub].every((v) => typeof v === 'string')) return null;
    if (!(unit as string).endsWith('.service')) continue;
    services.push({
      unit: unit as string,
      load: load as string,
      active: active as string,
      sub: sub as string,
      description: typeof description === 'string' ? description : '',
    });
  }
  return services.sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
}
