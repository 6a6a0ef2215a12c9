import { createServer, Server } from 'node:http';
import { AddressInfo, createServer as createTcpServer } from 'node:net';

import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** Real peers on loopback for integration and browser tests: a free port, an HTTP target, a mailbox. */

/** A free loopback port (listened on, then released). */
export async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** An HTTP target on a fixed loopback port that can be stopped (the monitored "service"). */
export function httpTarget(port: number) {
  let server: Server | null = null;
  return {
    url: `http://127.0.0.1:${port}/health`,
    async start() {
      server = createServer((_request, response) => response.writeHead(200).end('ok'));
      await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
    },
    async stop() {
      server?.closeAllConnections();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = null;
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
