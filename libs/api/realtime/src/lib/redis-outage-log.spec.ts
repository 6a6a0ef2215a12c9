import { EventEmitter } from 'node:events';

import { logRedisOutages } from './redis-outage-log';

function setup() {
  const pub = new EventEmitter();
  const sub = new EventEmitter();
  const lines: string[] = [];
  logRedisOutages(
    [pub, sub],
    { warn: (m) => lines.push(`warn ${m}`), log: (m) => lines.push(`log ${m}`) },
    'Adapter',
  );
  return { pub, sub, lines };
}

const refused = new Error('connect ECONNREFUSED 127.0.0.1:6379');

describe('logRedisOutages', () => {
  it('warns once per outage, however many retries fail, and says when Redis is back', () => {
    const { pub, sub, lines } = setup();
    for (let i = 0; i < 5; i++) {
      pub.emit('error', refused);
      sub.emit('error', refused);
    }
    pub.emit('ready');
    sub.emit('ready');
    expect(lines).toEqual([
      'warn Adapter: Redis unreachable (connect ECONNREFUSED 127.0.0.1:6379); retrying in the background',
      'log Adapter: Redis reachable again',
    ]);
  });

  it('is back only when every connection is', () => {
    const { pub, sub, lines } = setup();
    pub.emit('error', refused);
    sub.emit('error', refused);
    pub.emit('ready');
    expect(lines).toHaveLength(1);
    sub.emit('ready');
    expect(lines).toHaveLength(2);
  });

  it('reports the next outage again', () => {
    const { pub, lines } = setup();
    pub.emit('error', refused);
    pub.emit('ready');
    pub.emit('error', refused);
    pub.emit('error', refused);
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['warn', 'log', 'warn']);
  });

  it('says nothing about a connection that was never down', () => {
    const { pub, lines } = setup();
    pub.emit('ready');
    expect(lines).toEqual([]);
  });
});
