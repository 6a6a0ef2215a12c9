import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort } from './loopback-peers';

const run = promisify(execFile);

const SSHD = '/usr/sbin/sshd';
/** sshd's privilege-separation directory: it refuses to start without it. */
const PRIVSEP_DIR = '/run/sshd';

export interface SshdPeerOptions {
  /** Also accept passwords (for the user given in the request; off by default). */
  passwordAuthentication?: boolean;
  /** The host key type (default ed25519). */
  hostKeyType?: 'ed25519' | 'ecdsa' | 'rsa';
  /** `DEBUG1` logs forwarded channels (`server_request_direct_tcpip … target …`); default VERBOSE. */
  logLevel?: 'VERBOSE' | 'DEBUG1';
}

export interface SshdPeer {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The user the tests sign in as: the one running them (root in CI: PermitRootLogin yes). */
  readonly username: string;
  /** An unencrypted OpenSSH private key the server accepts (in its AuthorizedKeysFile). */
  readonly clientPrivateKey: string;
  /** The same key, encrypted with `clientKeyPassphrase`. */
  readonly encryptedClientPrivateKey: string;
  readonly clientKeyPassphrase: string;
  /** The current host key's fingerprint as OpenSSH prints it (`SHA256:…`, no padding). */
  hostFingerprint(): string;
  /** The server's log so far (from `offset`, a value of `logSize()` taken earlier). */
  log(offset?: number): string;
  logSize(): number;
  /** A new host key (the server "reinstalled"), then a restart on the same port. */
  regenerateHostKey(): Promise<void>;
  /** Stops the server (SIGTERM, SIGKILL after 3 s) and keeps its files, so `start` works again. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its files. */
  close(): Promise<void>;
}

function listening(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** `SHA256:<base64, no padding>` of an OpenSSH public key line (`type base64 comment`). */
export function publicKeyFingerprint(line: string): string {
  const blob = Buffer.from(line.trim().split(/\s+/)[1] ?? '', 'base64');
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * A real OpenSSH server (Debian's openssh-server) on a free loopback port, for integration
 * tests: its own host key, config, authorized key and log in a temporary directory, run in the
 * foreground (`sshd -D -f cfg -E log`). The client key it accepts is generated here.
 */
export async function startSshdPeer(options: SshdPeerOptions = {}): Promise<SshdPeer> {
  if (!existsSync(PRIVSEP_DIR)) mkdirSync(PRIVSEP_DIR, { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), 'hyperion-sshd-'));
  const port = await freePort();
  const paths = {
    config: join(dir, 'sshd_config'),
    hostKey: join(dir, 'host_key'),
    clientKey: join(dir, 'client_key'),
    encryptedClientKey: join(dir, 'client_key_encrypted'),
    authorizedKeys: join(dir, 'authorized_keys'),
    pid: join(dir, 'sshd.pid'),
    log: join(dir, 'sshd.log'),
  };
  const keyType = options.hostKeyType ?? 'ed25519';
  const passphrase = 'peer-passphrase-0123';
  const keygen = (file: string, type: string, pass = '') =>
    run('ssh-keygen', ['-q', '-t', type, '-N', pass, '-C', 'hyperion-test', '-f', file]);

  await keygen(paths.hostKey, keyType);
  await keygen(paths.clientKey, 'ed25519');
  // The same key, encrypted: copy, then change its passphrase in place.
  writeFileSync(paths.encryptedClientKey, readFileSync(paths.clientKey), { mode: 0o600 });
  await run('ssh-keygen', ['-q', '-p', '-P', '', '-N', passphrase, '-f', paths.encryptedClientKey]);
  writeFileSync(paths.authorizedKeys, readFileSync(`${paths.clientKey}.pub`));
  writeFileSync(
    paths.config,
    [
      'ListenAddress 127.0.0.1',
      `Port ${port}`,
      `PidFile ${paths.pid}`,
      `HostKey ${paths.hostKey}`,
      `AuthorizedKeysFile ${paths.authorizedKeys}`,
      'PubkeyAuthentication yes',
      `PasswordAuthentication ${options.passwordAuthentication ? 'yes' : 'no'}`,
      'KbdInteractiveAuthentication no',
      'StrictModes no',
      'UsePAM no',
      'PermitRootLogin yes',
      'AllowTcpForwarding yes',
      `LogLevel ${options.logLevel ?? 'VERBOSE'}`,
      'Subsystem sftp internal-sftp',
      // The session's shells read this directory's (absent) dotfiles instead of the account's:
      // a ~/.bashrc that runs `pyenv init` took the shims lock on every command, and parallel
      // sessions on a loaded CI waited on it for up to 60 s each.
      `SetEnv HOME=${dir}`,
      '',
    ].join('\n'),
  );

  let child: ChildProcess | null = null;

  const start = async () => {
    const started = spawn(SSHD, ['-D', '-f', paths.config, '-E', paths.log], { stdio: 'ignore' });
    child = started;
    const deadline = Date.now() + 10_000;
    while (!(await listening(port))) {
      if (started.exitCode !== null || started.signalCode !== null) {
        throw new Error(`sshd ended before it listened on ${port}:\n${peer.log()}`);
      }
      if (Date.now() > deadline) throw new Error(`sshd did not listen on ${port} in 10 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    const killer = setTimeout(() => running.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(killer);
  };

  const peer: SshdPeer = {
    host: '127.0.0.1',
    port,
    username: userInfo().username,
    clientPrivateKey: readFileSync(paths.clientKey, 'utf8'),
    encryptedClientPrivateKey: readFileSync(paths.encryptedClientKey, 'utf8'),
    clientKeyPassphrase: passphrase,
    hostFingerprint: () => publicKeyFingerprint(readFileSync(`${paths.hostKey}.pub`, 'utf8')),
    log: (offset = 0) =>
      existsSync(paths.log) ? readFileSync(paths.log).subarray(offset).toString('utf8') : '',
    logSize: () => (existsSync(paths.log) ? statSync(paths.log).size : 0),
    async regenerateHostKey() {
      await stop();
      rmSync(paths.hostKey, { force: true });
      rmSync(`${paths.hostKey}.pub`, { force: true });
      await keygen(paths.hostKey, keyType);
      await start();
    },
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await start();
  return peer;
}
