import type { Duplex } from 'node:stream';

import { Client, ConnectConfig } from 'ssh2';

import type { SshAuthMethod } from '@hyperion/contracts';
import { describeHostKey, HostKeyVerdict, judgeHostKey } from './host-key';

import type { SshCredentials } from './ssh-credentials';

/** One hop of a connection: a jump host, or the target itself (the last hop). */
export interface SshHop {
  hostId: string;
  name: string;
  address: string;
  port: number;
  username: string;
  credentials: SshCredentials;
  /** The fingerprint trusted for this host; null before its first connection. */
  trustedFingerprint: string | null;
  /** `keyboard-interactive`: no stored secret, the server's questions go to a person. */
  authMethod?: SshAuthMethod;
}

/** One round of keyboard-interactive questions, as the server sent it. */
export interface KeyboardRound {
  hop: SshHop;
  name: string;
  instructions: string;
  prompts: { prompt: string; echo: boolean }[];
}

/**
 * Asks a person the server's questions and resolves with the answers, in order; rejects (with a
 * message for that person) when nobody answers in time. The connect timeout is suspended while
 * it runs.
 */
export type KeyboardPrompter = (round: KeyboardRound) => Promise<string[]>;

/** What one hop saw of its host key: filled in as the connection goes, kept when it fails. */
export interface HopOutcome {
  hop: SshHop;
  verdict: HostKeyVerdict | null;
  /** The key exchange completed (the server proved it holds the key it offered). */
  handshakeDone: boolean;
}

export type SshFailureKind =
  | 'host-key-changed'
  | 'auth-failed'
  | 'unreachable'
  | 'timeout'
  | 'protocol'
  | 'channel';

/** Why a connection (or a channel on it) failed, and at which hop. */
export class SshFailure extends Error {
  constructor(
    readonly kind: SshFailureKind,
    readonly hop: SshHop,
    message: string,
  ) {
    super(message);
    this.name = 'SshFailure';
  }
}

/** An authenticated connection to the last hop, through the others; `close` ends them all. */
export interface SshChain {
  client: Client;
  close(): void;
}

const where = (hop: SshHop) => `"${hop.name}" (${hop.username}@${hop.address}:${hop.port})`;

function classify(error: Error & { level?: string; code?: unknown }, outcome: HopOutcome) {
  const { hop, verdict } = outcome;
  if (verdict?.kind === 'changed') {
    return new SshFailure('host-key-changed', hop, `host key of ${where(hop)} changed`);
  }
  switch (error.level) {
    case 'client-authentication':
      return new SshFailure('auth-failed', hop, `authentication failed for ${where(hop)}`);
    case 'client-timeout':
      return new SshFailure('timeout', hop, `${where(hop)} did not complete the handshake in time`);
    case 'client-socket':
    case 'client-dns':
      return new SshFailure('unreachable', hop, `${where(hop)} is unreachable: ${error.message}`);
    default:
      return new SshFailure('protocol', hop, `${where(hop)}: ${error.message}`);
  }
}

/**
 * Connects and authenticates one hop, over `sock` (a channel forwarded by the previous hop) or
 * TCP. The host key is always verified (ssh2 accepts any key without a `hostVerifier`): a key
 * other than the trusted one ends the key exchange, so no credential is ever sent to it. Fails
 * after `timeoutMs` whatever the stage, and leaves nothing open when it fails.
 */
function connectHop(
  outcome: HopOutcome,
  sock: Duplex | undefined,
  timeoutMs: number,
  prompter?: KeyboardPrompter,
): Promise<Client> {
  const { hop } = outcome;
  const interactive = hop.authMethod === 'keyboard-interactive';
  return new Promise<Client>((resolve, reject) => {
    const client = new Client();
    let settled = false;
    const fail = (failure: SshFailure) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.end();
      reject(failure);
    };
    const expire = () =>
      fail(new SshFailure('timeout', hop, `${where(hop)} did not answer in ${timeoutMs} ms`));
    let timer = setTimeout(expire, timeoutMs);
    if (interactive) {
      // The person's answers take their time: the connect timeout stops while they are asked
      // (the prompter bounds that wait), and starts again for the rest of the sign-in.
      client.on('keyboard-interactive', (name, instructions, _lang, prompts, finish) => {
        if (settled) return;
        if (!prompter) {
          fail(new SshFailure('auth-failed', hop, `${where(hop)} asks questions at sign-in`));
          return;
        }
        clearTimeout(timer);
        prompter({
          hop,
          name,
          instructions,
          prompts: prompts.map((p) => ({ prompt: p.prompt, echo: Boolean(p.echo) })),
        }).then(
          (answers) => {
            if (settled) return;
            timer = setTimeout(expire, timeoutMs);
            finish(answers);
          },
          (error: unknown) =>
            fail(
              new SshFailure(
                'auth-failed',
                hop,
                `${where(hop)}: ${error instanceof Error ? error.message : String(error)}`,
              ),
            ),
        );
      });
    }
    // Errors after the connection is up (the peer going away mid-command) end it through
    // `close`, which the command's runner sees; an 'error' without a listener would crash.
    client.on('error', (error) => fail(classify(error, outcome)));
    client.on('handshake', () => (outcome.handshakeDone = true));
    client.once('close', () =>
      fail(
        outcome.verdict?.kind === 'changed'
          ? new SshFailure('host-key-changed', hop, `host key of ${where(hop)} changed`)
          : new SshFailure('unreachable', hop, `${where(hop)} closed the connection`),
      ),
    );
    client.once('ready', () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(client);
    });
    const config: ConnectConfig = {
      host: hop.address,
      port: hop.port,
      username: hop.username,
      // Ours covers the handshake; ssh2's would count the time a person takes to answer.
      readyTimeout: interactive ? 0 : timeoutMs,
      hostVerifier: (key: Buffer) => {
        outcome.verdict = judgeHostKey(describeHostKey(key), hop.trustedFingerprint);
        return outcome.verdict.kind !== 'changed';
      },
      tryKeyboard: interactive,
      ...(sock ? { sock } : {}),
      ...(interactive
        ? { authHandler: ['keyboard-interactive'] }
        : hop.credentials.privateKey
          ? { privateKey: hop.credentials.privateKey, passphrase: hop.credentials.passphrase }
          : { password: hop.credentials.password }),
    };
    try {
      client.connect(config);
    } catch (error) {
      fail(new SshFailure('protocol', hop, `${where(hop)}: ${(error as Error).message}`));
    }
  });
}

/** A channel from `via` to the next hop's address and port (`direct-tcpip`), bounded in time. */
function forward(via: Client, from: SshHop, to: SshHop, timeoutMs: number): Promise<Duplex> {
  return new Promise<Duplex>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new SshFailure(
            'timeout',
            to,
            `${where(from)} did not reach ${where(to)} in ${timeoutMs} ms`,
          ),
        ),
      timeoutMs,
    );
    via.forwardOut('127.0.0.1', 0, to.address, to.port, (error, stream) => {
      clearTimeout(timer);
      if (error) {
        reject(
          new SshFailure(
            'unreachable',
            to,
            `${where(from)} could not reach ${where(to)}: ${error.message}`,
          ),
        );
        return;
      }
      resolve(stream);
    });
  });
}

/**
 * Connects to the last of `hops` through the ones before it (each a jump host: a second ssh2
 * client over a channel the previous one forwards), every hop with its own host-key check and
 * connect timeout. `outcomes` receives what each hop saw, also when it fails (the caller records
 * a first-use key or a changed one). On failure every connection made is closed.
 */
export async function openChain(
  hops: readonly SshHop[],
  timeoutMs: number,
  outcomes: HopOutcome[],
  prompter?: KeyboardPrompter,
): Promise<SshChain> {
  const clients: Client[] = [];
  const close = () => {
    for (const client of [...clients].reverse()) client.end();
  };
  try {
    let sock: Duplex | undefined;
    for (const [index, hop] of hops.entries()) {
      if (index > 0) sock = await forward(clients[index - 1], hops[index - 1], hop, timeoutMs);
      const outcome: HopOutcome = { hop, verdict: null, handshakeDone: false };
      outcomes.push(outcome);
      clients.push(await connectHop(outcome, sock, timeoutMs, prompter));
    }
  } catch (error) {
    close();
    throw error;
  }
  return { client: clients[clients.length - 1], close };
}
