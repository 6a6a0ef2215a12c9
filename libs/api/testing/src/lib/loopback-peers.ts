import { ChildProcess, spawn } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { AddressInfo, connect, createServer as createTcpServer } from 'node:net';

import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * Real peers on loopback for integration and browser tests: a free port, an HTTP target, a
 * spawned server binary, a mailbox.
 */

/** A free loopback port (listened on, then released). */
export async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * An HTTP target on a fixed loopback port that can be stopped (the monitored "service"),
 * answering 200 with `body` (and its content type).
 */
export function httpTarget(
  port: number,
  answer: { body: string; contentType: string } = { body: 'ok', contentType: 'text/plain' },
) {
  let server: Server | null = null;
  return {
    url: `http://127.0.0.1:${port}/health`,
    async start() {
      server = createServer((_request, response) =>
        response.writeHead(200, { 'content-type': answer.contentType }).end(answer.body),
      );
      await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
    },
    async stop() {
      server?.closeAllConnections();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = null;
    },
  };
}

/** Whether something accepts TCP connections on the loopback port. */
function listening(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/**
 * A real server binary (redis-server, prometheus-node-exporter …) on a fixed loopback port that
 * can be killed and started again: `start` waits (at most 20 s) until the port accepts
 * connections, and fails at once if the process ends first; `stop` kills it (SIGKILL, as a crash
 * would) and waits for its end.
 */
export function spawnedPeer(name: string, command: string, args: string[], port: number) {
  let child: ChildProcess | null = null;
  return {
    port,
    async start() {
      const started = spawn(command, args, { stdio: 'ignore' });
      child = started;
      const deadline = Date.now() + 20_000;
      while (!(await listening(port))) {
        if (started.exitCode !== null || started.signalCode !== null) {
          throw new Error(`${name} ended before it listened on ${port}`);
        }
        if (Date.now() > deadline) throw new Error(`${name} did not listen on ${port} in 20 s`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
  };
}

/** A real SMTP server on loopback that keeps every message it accepts, parsed. */
export async function startMailbox() {
  const mails: { to: string[]; mail: ParsedMail }[] = [];
  const smtp = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks))
          .then((mail) => {
            mails.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), mail });
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  return {
    port: (smtp.server.address() as AddressInfo).port,
    /** The messages sent to `address`, oldest first. */
    to: (address: string) => mails.filter((m) => m.to.includes(address)).map((m) => m.mail),
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
