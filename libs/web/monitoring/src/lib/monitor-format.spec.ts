import type { MonitorSummary } from '@hyperion/contracts';

import { downFirst, latencyText, relativeTime, targetText, uptimeText } from './monitor-format';
import { monitor } from './testing/monitor-fixtures';

const target = (kind: MonitorSummary['kind'], value: MonitorSummary['target']) =>
  targetText({ kind, target: value });

describe('targetText', () => {
  it('names where each kind of monitor looks, in a short readable form', () => {
    expect(target('http', { url: 'https://example.com/health', method: 'HEAD' })).toBe(
      'https://example.com/health',
    );
    expect(target('tcp', { host: 'db.internal', port: 5432 })).toBe('db.internal:5432');
    expect(target('tcp', { host: '::1', port: 6379 })).toBe('[::1]:6379');
    expect(target('postgres', { connectionString: 'postgres://app:****@db:5432/app' })).toBe(
      'postgres://app:****@db:5432/app',
    );
    expect(target('redis', { url: 'redis://:****@cache:6379/0' })).toBe(
      'redis://:****@cache:6379/0',
    );
    expect(target('dns', { hostname: 'example.com', recordType: 'MX' })).toBe('example.com');
    expect(target('ping', { host: 'router.lan' })).toBe('router.lan');
    expect(target('disk', { path: '/var/lib/postgresql', maxUsedPercent: 90 })).toBe(
      '/var/lib/postgresql',
    );
    expect(target('log', { path: '/var/log/app.log' })).toBe('/var/log/app.log');
    expect(target('push', {})).toBe('push');
  });

  it('shows a dash rather than "undefined" when the target lacks its field', () => {
    expect(target('http', {})).toBe('—');
    expect(target('disk', {})).toBe('—');
  });
});

describe('downFirst', () => {
  it('puts down first, then pending, up, paused, keeping the order within a state', () => {
    const rows = [
      monitor({ id: '1', name: 'web-10', state: 'up' }),
      monitor({ id: '2', name: 'web-9', state: 'up' }),
      monitor({ id: '3', name: 'alpha', state: 'paused' }),
      monitor({ id: '4', name: 'zeta', state: 'down' }),
      monitor({ id: '5', name: 'Yankee', state: 'down' }),
      monitor({ id: '6', name: 'x-ray', state: 'pending' }),
    ];

    expect(downFirst(rows).map((row) => row.name)).toEqual([
      'zeta',
      'Yankee',
      'x-ray',
      'web-10',
      'web-9',
      'alpha',
    ]);
  });
});

describe('uptimeText', () => {
  it('writes a share in percent, never 100 % while a check failed', () => {
    expect(uptimeText(100)).toBe('100 %');
    expect(uptimeText(99.95)).toBe('99.95 %');
    expect(uptimeText(99.9999)).toBe('99.99 %');
    expect(uptimeText(0)).toBe('0 %');
    expect(uptimeText(null)).toBe('—');
  });
});

describe('latencyText and relativeTime', () => {
  it('reads as a person says them', () => {
    const now = Date.parse('2026-01-30T14:00:00.000Z');
    expect(latencyText(null)).toBe('—');
    expect(latencyText(41.6)).toBe('42 ms');
    expect(relativeTime('2026-01-30T13:59:58.000Z', now)).toBe('just now');
    expect(relativeTime('2026-01-30T13:59:48.000Z', now)).toBe('12 s ago');
    expect(relativeTime('2026-01-30T13:57:00.000Z', now)).toBe('3 min ago');
    expect(relativeTime('2026-01-30T11:00:00.000Z', now)).toBe('3 h ago');
    expect(relativeTime('2026-01-26T14:00:00.000Z', now)).toBe('4 d ago');
  });
});
