import type { Permission } from './permissions';

/**
 * The processes and systemd services of the host Hyperion runs on (the monitoring document's
 * "Processus" and "Services"). They are the host's, not an organisation's: every organisation
 * whose role grants the permission sees the same list; each stop or service action is audited
 * in the organisation of the person who did it (`process_stop`, `service_control`).
 */

/** What a process is doing, from the state letter of /proc/<pid>/stat. */
export const PROCESS_STATES = [
  'running',
  'sleeping',
  /** Waiting on I/O, not interruptible (a SIGKILL takes effect only when the wait ends). */
  'uninterruptible',
  /** Exited, waiting for its parent to collect its status. */
  'zombie',
  'stopped',
  'traced',
  'dead',
  /** An idle kernel thread. */
  'idle',
  'other',
] as const;
export type ProcessState = (typeof PROCESS_STATES)[number];

/** One process of this host, as the API lists it. */
export interface ProcessInfo {
  pid: number;
  /** 0 for the first process and kernel threads started by the kernel itself. */
  parentPid: number;
  /** The kernel's name of the process (at most 15 characters), as `ps` and `top` show it. */
  name: string;
  /** The owner's user name, or the numeric uid when the host does not name it. */
  user: string;
  /**
   * CPU used over the sampling window (`ProcessList.cpuWindowMs`), as `top` counts it:
   * 100 is one core fully busy, so a process using two cores shows 200.
   */
  cpuPercent: number;
  /** Resident memory (RSS), bytes. */
  memoryBytes: number;
  /** Resident memory as a share of the host's memory, 0–100. */
  memoryPercent: number;
  state: ProcessState;
  /**
   * ISO 8601, UTC, to the hundredth of a second: when the process started. With the pid it
   * identifies the process: pass it back as `startedAt` when stopping it, so a pid the kernel
   * gave to another process meanwhile is refused instead of stopped.
   */
  startedAt: string;
  /** The command line (arguments separated by spaces; `[name]` for a kernel thread), shortened to `SYSTEM_RULES.commandMaxLength`. */
  command: string;
  /**
   * Why Hyperion refuses to stop this process (pid 1, Hyperion itself or a process it runs
   * under, a kernel thread); null when it can be stopped.
   */
  protectedReason: string | null;
}

export const PROCESS_SORT_KEYS = ['cpu', 'memory', 'pid', 'name'] as const;
export type ProcessSortKey = (typeof PROCESS_SORT_KEYS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** `GET /api/v1/system/processes` query: sorted, searched and paged by the server. */
export interface ProcessListQuery {
  /** `cpu` by default. */
  sort?: ProcessSortKey;
  /** `desc` by default for cpu and memory, `asc` for pid and name. */
  order?: SortOrder;
  /** Case-insensitive text found in the name, the user or the command line. */
  q?: string;
  /** `SYSTEM_RULES.limitDefault` by default. */
  limit?: number;
  offset?: number;
}

export interface ProcessList {
  /** One page of the matching processes. */
  items: ProcessInfo[];
  /** How many processes match (all pages). */
  total: number;
  /** ISO 8601, UTC: when the processes were read. */
  sampledAt: string;
  /** The window CPU use was measured over, in milliseconds. */
  cpuWindowMs: number;
}

/** `POST /api/v1/system/processes/:pid/stop` body (everything optional). */
export interface ProcessStopRequest {
  /** The process's `startedAt` from the list: refused (409) if the pid now belongs to another process. */
  startedAt?: string;
  /** Seconds between SIGTERM and SIGKILL (`SYSTEM_RULES.graceSeconds*`). */
  graceSeconds?: number;
}

export type ProcessSignal = 'SIGTERM' | 'SIGKILL';

/**
 * - `terminated`: it exited after SIGTERM, within the grace period;
 * - `killed`: it was still running after the grace period and exited after SIGKILL;
 * - `already_gone`: it exited (or was a zombie) before any signal reached it;
 * - `unresponsive`: SIGKILL was sent but it had not exited `SYSTEM_RULES.killWaitSeconds`
 *   later (stuck in uninterruptible I/O: it ends when the I/O does).
 */
export const PROCESS_STOP_OUTCOMES = [
  'terminated',
  'killed',
  'already_gone',
  'unresponsive',
] as const;
export type ProcessStopOutcome = (typeof PROCESS_STOP_OUTCOMES)[number];

export interface ProcessStopResult {
  pid: number;
  name: string;
  command: string;
  startedAt: string;
  outcome: ProcessStopOutcome;
  /** The signals sent, in order. */
  signals: ProcessSignal[];
  /** From the first signal to the outcome. */
  elapsedMs: number;
}

/** What every "no systemd here" answer starts with (the console shows it as is). */
export const SERVICE_CONTROL_UNAVAILABLE = 'service control unavailable on this host';

/** One systemd unit of type service, as `systemctl list-units` reports it. */
export interface ServiceInfo {
  /** e.g. `nginx.service`, `getty@tty1.service`. */
  unit: string;
  /** loaded, not-found, masked, error ... */
  load: string;
  /** active, inactive, failed, activating, deactivating ... */
  active: string;
  /** running, exited, dead, failed ... */
  sub: string;
  description: string;
}

/**
 * `GET /api/v1/system/services`. Without systemd (a container, a host with another init) it is
 * still a 200: `available` false, `reason` saying why, no services.
 */
export interface ServiceList {
  available: boolean;
  /** Null when available; otherwise starts with SERVICE_CONTROL_UNAVAILABLE. */
  reason: string | null;
  services: ServiceInfo[];
}

export const SERVICE_ACTIONS = ['start', 'stop', 'restart'] as const;
export type ServiceAction = (typeof SERVICE_ACTIONS)[number];

/** `POST /api/v1/system/services/:unit/:action` when systemctl succeeded. */
export interface ServiceActionResult {
  unit: string;
  action: ServiceAction;
  /** The unit as systemd reports it afterwards; null if it no longer lists it. */
  service: ServiceInfo | null;
}

/** Validation rules: the API's pipes and DTOs and the console's forms use these. */
export const SYSTEM_RULES = {
  /** Linux's highest possible pid (PID_MAX_LIMIT, 2^22). */
  pidMax: 4_194_304,
  pidHint: 'a whole number from 1 to 4194304',
  graceSecondsMin: 1,
  graceSecondsMax: 60,
  graceSecondsDefault: 10,
  /** How long a stop waits for the process to exit after SIGKILL. */
  killWaitSeconds: 5,
  searchMaxLength: 200,
  limitMax: 500,
  limitDefault: 100,
  offsetMax: 1_000_000,
  /** Longer command lines are cut and end with "…". */
  commandMaxLength: 4096,
  /**
   * A systemd service unit: letters, digits and `: _ . @ - \` (systemd's own set, `\` for its
   * `\x2d` escapes), not starting with `.` or `-`, ending in `.service`, at most 255 characters
   * (systemd's limit). No `/`, no spaces, nothing a shell or an option parser would read.
   */
  unitPattern: /^[A-Za-z0-9:_@\\][A-Za-z0-9:_.@\\-]{0,246}\.service$/,
  unitMaxLength: 255,
  unitHint:
    'a service unit name such as nginx.service: letters, digits and : _ . @ - \\, ending in .service, at most 255 characters',
  /** How long a start, stop or restart may take before the API gives up waiting (systemctl is stopped). */
  serviceActionTimeoutSeconds: 60,
} as const;

/** What reading and controlling this host's processes and services requires. */
export const SYSTEM_PERMISSIONS = {
  read: 'monitoring:read',
  control: 'monitoring:control',
} as const satisfies Record<'read' | 'control', Permission>;

export const SYSTEM_ROUTES = {
  /** GET: the processes of this host (ProcessListQuery → ProcessList). */
  processes: '/api/v1/system/processes',
  /** POST: SIGTERM, then SIGKILL after the grace period (ProcessStopRequest → ProcessStopResult). */
  processStop: (pid: number) => `/api/v1/system/processes/${encodeURIComponent(pid)}/stop`,
  /** GET: the systemd services of this host (ServiceList). */
  services: '/api/v1/system/services',
  /** POST: `systemctl <action> -- <unit>` (ServiceActionResult). */
  serviceAction: (unit: string, action: ServiceAction) =>
    `/api/v1/system/services/${encodeURIComponent(unit)}/${action}`,
} as const;
