/** One check's verdict (see run-check.ts). */
export interface CheckRun {
  up: boolean;
  /** ms the check took (null when nothing was reached, e.g. a disk or log check). */
  latencyMs: number | null;
  /** One line a person on call understands, at most 500 characters. */
  message: string;
  /**
   * Per-monitor memory kept to the next run (`log`: the file's identity and offset; `http`: the
   * certificate's end). Absent = the monitor keeps what it had.
   */
  state?: Record<string, unknown> | null;
}

export interface CheckOptions {
  timeoutMs: number;
  /** What the previous run returned as `state` (null on the first run). */
  state: Record<string, unknown> | null;
}

/** What one checker gets: the options, and a signal aborted when the time is up. */
export interface CheckContext extends CheckOptions {
  signal: AbortSignal;
}

export type Checker = (target: unknown, context: CheckContext) => Promise<CheckRun>;

/** A target field that is missing or of the wrong kind: runCheck turns it into a DOWN verdict. */
export class TargetError extends Error {}

/** Reads a monitor's target (stored JSON, so unknown) field by field, naming the field on error. */
export class TargetFields {
  private readonly fields: Record<string, unknown>;

  constructor(target: unknown) {
    if (typeof target !== 'object' || target === null || Array.isArray(target)) {
      throw new TargetError('target: expected an object with the check fields');
    }
    this.fields = target as Record<string, unknown>;
  }

  string(name: string): string {
    const value = this.optionalString(name);
    if (value === undefined || value === '') {
      throw new TargetError(`${name}: expected a non-empty string`);
    }
    return value;
  }

  optionalString(name: string): string | undefined {
    const value = this.fields[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new TargetError(`${name}: expected a string`);
    return value;
  }

  optionalNumber(name: string, min: number, max: number): number | undefined {
    const value = this.fields[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      throw new TargetError(`${name}: expected a number from ${min} to ${max}`);
    }
    return value;
  }

  optionalBoolean(name: string): boolean {
    const value = this.fields[name];
    if (value === undefined || value === null) return false;
    if (typeof value !== 'boolean') throw new TargetError(`${name}: expected true or false`);
    return value;
  }

  optionalStrings(name: string): string[] | undefined {
    const value = this.fields[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      throw new TargetError(`${name}: expected a list of strings`);
    }
    return value;
  }
}

export const down = (message: string, latencyMs: number | null = null): CheckRun => ({
  up: false,
  latencyMs,
  message,
});

export const up = (message: string, latencyMs: number | null = null): CheckRun => ({
  up: true,
  latencyMs,
  message,
});

/** Whole ms since `start` (a `performance.now()` reading). */
export const since = (start: number): number => Math.round(performance.now() - start);

/** "10 s", "1.5 s", "200 ms": how on-call people read a timeout. */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Removes a secret (a password from a URL) wherever a library may have echoed it. */
export function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('••••') : text;
}

/** "host:port", with brackets around an IPv6 address. */
export const endpoint = (host: string, port: number): string =>
  host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;

/** A socket error as on-call people say it, naming where the check tried to go. */
export function networkError(error: unknown, where: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused (${where})`;
    case 'ECONNRESET':
      return `connection reset by the server (${where})`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found: ${where.replace(/:\d+$/, '')} (DNS ${code})`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `host unreachable (${where})`;
    case 'ETIMEDOUT':
      return `connection timed out (${where})`;
    default:
      return `${errorText(error)} (${where})`;
  }
}
