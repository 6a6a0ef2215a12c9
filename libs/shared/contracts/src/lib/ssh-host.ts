import type { Permission } from './permissions';

/**
 * How Hyperion signs in to a host: a private key (optionally with a passphrase), a password, or
 * `keyboard-interactive`: nothing is stored, the server's questions (password, one-time code …)
 * go to the user of a browser terminal (`terminal:prompt`). Commands and connection tests over
 * HTTP cannot answer them: they get 409 on such a host.
 */
export const SSH_AUTH_METHODS = ['key', 'password', 'keyboard-interactive'] as const;
export type SshAuthMethod = (typeof SSH_AUTH_METHODS)[number];

/**
 * A SSH host of the active organisation, as the API returns it. Credentials never leave the API:
 * only whether they are set.
 */
export interface SshHostSummary {
  id: string;
  name: string;
  /** A host name or an IP address. */
  address: string;
  port: number;
  username: string;
  authMethod: SshAuthMethod;
  hasPrivateKey: boolean;
  hasPassphrase: boolean;
  hasPassword: boolean;
  /** The host connected through first (another host of the organisation), or null. */
  jumpHostId: string | null;
  tags: string[];
  hostKey: SshHostKeyState;
  /** ISO 8601, UTC. */
  createdAt: string;
  /** ISO 8601, UTC. */
  updatedAt: string;
}

/**
 * The host key Hyperion trusts (`SHA256:<base64, no padding>`, as OpenSSH prints it), recorded on
 * first use or pinned by hand, and a different key the host offered since, refused until approved.
 */
export interface SshHostKeyState {
  fingerprint: string | null;
  /** `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa` …; null when pinned by hand. */
  keyType: string | null;
  /** ISO 8601, UTC: when it was recorded, pinned or approved. */
  trustedAt: string | null;
  pendingFingerprint: string | null;
  pendingKeyType: string | null;
}

export interface CreateSshHostRequest {
  name: string;
  address: string;
  /** Default 22. */
  port?: number;
  username: string;
  authMethod: SshAuthMethod;
  /** PEM or OpenSSH private key (authMethod `key`). */
  privateKey?: string;
  passphrase?: string;
  /** authMethod `password`. */
  password?: string;
  /** Another host of the organisation to connect through (absent: connect directly). */
  jumpHostId?: string;
  tags?: string[];
}

/** The optional fields an update can empty (`clear`): no jump host any more. */
export const SSH_HOST_CLEARABLE = ['jumpHostId'] as const;
export type SshHostClearable = (typeof SSH_HOST_CLEARABLE)[number];

/**
 * Only the fields given change. Changing `authMethod` needs the new method's secret; a new
 * `privateKey` replaces the key and its passphrase (give the passphrase with it). No request
 * takes null: `clear: ['jumpHostId']` connects directly again.
 */
export type UpdateSshHostRequest = Partial<CreateSshHostRequest> & {
  clear?: SshHostClearable[];
};

/** `PUT …/host-key`: pins a fingerprint by hand; `POST …/host-key/approve`: trusts the pending one. */
export interface SshHostKeyRequest {
  fingerprint: string;
}

export interface SshTestResult {
  ok: true;
  /** The host key fingerprint the target offered (and Hyperion trusts). */
  fingerprint: string;
  /** From the first byte sent to an authenticated session, jump hosts included. */
  latencyMs: number;
}

export interface SshExecRequest {
  /** 1 to 4096 characters, run by the remote user's shell. */
  command: string;
  /** 1 to 300, default 30: then the channel is killed and `timedOut` is true. */
  timeoutSeconds?: number;
  /** stdout and stderr together; default 1 MiB, at most 10 MiB: beyond, cut and `truncated`. */
  maxOutputBytes?: number;
}

/** A command run on a host, as listed (without its output). */
export interface SshExecListItem {
  id: string;
  hostId: string;
  userId: string | null;
  command: string;
  exitCode: number | null;
  signal: string | null;
  truncated: boolean;
  timedOut: boolean;
  durationMs: number;
  /** ISO 8601, UTC. */
  startedAt: string;
  /** ISO 8601, UTC. */
  finishedAt: string;
}

/** A command's result: the output as received (UTF-8, cut at the limit). */
export interface SshExecResult extends SshExecListItem {
  stdout: string;
  stderr: string;
}

/** Validation rules of SSH hosts and commands: the API's DTOs and the console's forms use these. */
export const SSH_HOST_RULES = {
  nameMaxLength: 128,
  /** One line, without leading or trailing spaces. */
  namePattern: /^\S(?:.*\S)?$/,
  nameHint: '1 to 128 characters on one line, without leading or trailing spaces',
  addressMaxLength: 253,
  /** A host name, an IPv4 address or an IPv6 address (without brackets). */
  addressPattern:
    /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.?|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$/,
  addressHint: 'a host name or an IP address',
  portDefault: 22,
  usernameMaxLength: 64,
  /** What OpenSSH accepts as a user name, without spaces or control characters. */
  usernamePattern: /^[A-Za-z0-9._][A-Za-z0-9._@-]{0,63}$/,
  usernameHint: 'letters, digits, ".", "_", "@" or "-" (at most 64)',
  privateKeyMaxLength: 16_384,
  passphraseMaxLength: 1024,
  passwordMaxLength: 1024,
  tagsMax: 20,
  tagPattern: /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,31}$/,
  /** OpenSSH's SHA-256 fingerprint: `SHA256:` and 43 characters of unpadded base64. */
  fingerprintPattern: /^SHA256:[A-Za-z0-9+/]{43}$/,
  fingerprintHint: 'SHA256: followed by 43 characters of base64, as ssh-keygen -l prints it',
  /** Hops through jump hosts before the target, at most. */
  jumpDepthMax: 4,
  connectTimeoutSeconds: 10,
} as const;

export const SSH_EXEC_RULES = {
  commandMaxLength: 4096,
  timeoutMin: 1,
  timeoutMax: 300,
  timeoutDefault: 30,
  maxOutputMin: 1,
  maxOutputDefault: 1024 * 1024,
  maxOutputMax: 10 * 1024 * 1024,
  /** What is kept of each stream in the history (the response carries up to maxOutputBytes). */
  storedOutputMaxBytes: 1024 * 1024,
  listLimitDefault: 50,
  listLimitMax: 200,
} as const;

/** What reading and changing SSH hosts requires (the API's routes and the console's module). */
export const SSH_HOST_PERMISSIONS = {
  read: 'ssh:exec',
  write: 'ssh:admin',
  exec: 'ssh:exec',
} as const satisfies Record<'read' | 'write' | 'exec', Permission>;

const hostPath = (id: string) => `/api/v1/ssh/hosts/${encodeURIComponent(id)}`;

export const SSH_HOST_ROUTES = {
  /** GET: every SSH host of the active organisation; POST: a new one. */
  collection: '/api/v1/ssh/hosts',
  /** GET, PATCH, DELETE: one SSH host. */
  item: hostPath,
  /** PUT: pin a fingerprint by hand. */
  hostKey: (id: string) => `${hostPath(id)}/host-key`,
  /** POST: trust the pending fingerprint (the body names it). */
  approveHostKey: (id: string) => `${hostPath(id)}/host-key/approve`,
  /** POST: connect and authenticate, run nothing. */
  test: (id: string) => `${hostPath(id)}/test`,
  /** POST: run a command. */
  exec: (id: string) => `${hostPath(id)}/exec`,
  /** GET: the commands run on the host, newest first (`?limit=`). */
  execs: (id: string) => `${hostPath(id)}/execs`,
  /** GET: one command with its stored output. */
  execItem: (id: string, execId: string) => `${hostPath(id)}/execs/${encodeURIComponent(execId)}`,
} as const;
