import { createSocket, type Socket } from 'node:dgram';

import { runCheck } from './run-check';

const options = { timeoutMs: 2000, state: null };
const KNOWN = 'db.hyperion.test';

/** The question's name (lower case) and where the question section ends. */
function question(query: Buffer): { name: string; end: number } {
  const labels: string[] = [];
  let i = 12;
  while (query[i] !== 0 && labels.length < 64) {
    labels.push(query.subarray(i + 1, i + 1 + query[i]).toString('ascii'));
    i += query[i] + 1;
  }
  return { name: labels.join('.').toLowerCase(), end: i + 5 }; // zero byte, type, class
}

/** A tiny DNS server: `db.hyperion.test` A is 10.1.2.3; every other name does not exist. */
function answer(query: Buffer): Buffer {
  const { name, end } = question(query);
  const type = query.readUInt16BE(end - 4);
  const found = name === KNOWN && type === 1;
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // id
  header.writeUInt16BE(found ? 0x8180 : 0x8183, 2); // response, recursion; NXDOMAIN if not found
  header.writeUInt16BE(1, 4); // one question
  header.writeUInt16BE(found ? 1 : 0, 6); // answers
  const record = Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 1, 2, 3]);
  return Buffer.concat([header, query.subarray(12, end), found ? record : Buffer.alloc(0)]);
}

async function bind(socket: Socket): Promise<string> {
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return `127.0.0.1:${socket.address().port}`;
}

describe('dns check', () => {
  const responder = createSocket('udp4');
  const silent = createSocket('udp4');
  let server: string;

  beforeAll(async () => {
    responder.on('message', (query, peer) =>
      responder.send(answer(query), peer.port, peer.address),
    );
    server = await bind(responder);
  });
  afterAll(() => {
    responder.close();
    silent.close();
  });

  it('is up when the name resolves', async () => {
    const run = await runCheck('dns', { hostname: KNOWN, server }, options);
    expect(run).toMatchObject({
      up: true,
      message: expect.stringMatching(/^db\.hyperion\.test A → 10\.1\.2\.3 in \d+ ms$/),
    });
  });

  it('compares the expected answer', async () => {
    expect(
      (await runCheck('dns', { hostname: KNOWN, server, expected: '10.1.2.3' }, options)).up,
    ).toBe(true);
    const run = await runCheck('dns', { hostname: KNOWN, server, expected: '10.9.9.9' }, options);
    expect(run).toMatchObject({
      up: false,
      message: 'db.hyperion.test A is 10.1.2.3, expected 10.9.9.9',
    });
  });

  it('is down on an unknown name', async () => {
    const run = await runCheck('dns', { hostname: 'nope.hyperion.test', server }, options);
    expect(run).toMatchObject({
      up: false,
      message: 'nope.hyperion.test A: no such name (NXDOMAIN)',
    });
  });

  it('is down within the timeout when the server never answers', async () => {
    const start = Date.now();
    const run = await runCheck(
      'dns',
      { hostname: KNOWN, server: await bind(silent) },
      { ...options, timeoutMs: 400 },
    );
    expect(run).toMatchObject({
      up: false,
      message: expect.stringContaining('no DNS answer within 400 ms'),
    });
    expect(Date.now() - start).toBeLessThan(400 + 150);
  });

  it('names a server it cannot use', async () => {
    const run = await runCheck('dns', { hostname: KNOWN, server: 'dns.example.com' }, options);
    expect(run).toMatchObject({
      up: false,
      message: expect.stringMatching(/^server: expected an IP address/),
    });
  });
});
