import type { MonthlyAlertReport } from '@hyperion/contracts';

import { formatMonthlyReport, monthBounds, parseMonthArg } from './report-format';

describe('parseMonthArg', () => {
  it('gives the UTC bounds of the month', () => {
    expect(parseMonthArg('2025-01')).toEqual({
      year: 2025,
      month: 1,
      from: new Date('2025-01-01T00:00:00Z'),
      to: new Date('2025-02-01T00:00:00Z'),
    });
    expect(parseMonthArg('2024-12').to).toEqual(new Date('2025-01-01T00:00:00Z'));
  });

  it('counts 2025-01-31T23:30:00-02:00 in February', () => {
    const at = new Date('2025-01-31T23:30:00-02:00');
    const jan = parseMonthArg('2025-01');
    const feb = parseMonthArg('2025-02');
    expect(at >= jan.to).toBe(true);
    expect(at >= feb.from && at < feb.to).toBe(true);
  });

  it('rejects anything but YYYY-MM with a message saying what was given', () => {
    expect(() => parseMonthArg('2025-13')).toThrow(
      new Error('--month must be YYYY-MM (e.g. 2025-01), got "2025-13"'),
    );
    for (const bad of ['2025-1', '25-01', '2025-00', '2025-01-01', ' 2025-01', ''])
      expect(() => parseMonthArg(bad)).toThrow(/^--month must be YYYY-MM/);
    expect(() => parseMonthArg(undefined)).toThrow(
      '--month must be YYYY-MM (e.g. 2025-01), got nothing',
    );
  });
});

describe('monthBounds', () => {
  it('handles leap years, December and early years', () => {
    expect(monthBounds(2024, 2)).toEqual({
      from: new Date('2024-02-01T00:00:00Z'),
      to: new Date('2024-03-01T00:00:00Z'),
    });
    expect(monthBounds(2025, 12).to).toEqual(new Date('2026-01-01T00:00:00Z'));
    expect(monthBounds(1, 1).from.toISOString()).toBe('0001-01-01T00:00:00.000Z');
  });
});

describe('formatMonthlyReport', () => {
  it("prints the document's example layout", () => {
    const report: MonthlyAlertReport = {
      month: '2025-01',
      from: '2025-01-01T00:00:00.000Z',
      to: '2025-02-01T00:00:00.000Z',
      total: 8,
      byEventType: {
        'MASSIVE MODIFICATION': 1,
        'SAKA WALLET INCONSISTENCY': 2,
        'INTEGRITY BREACH DETECTED': 5,
      },
      byChannel: { webhook: 1, both: 4, email: 3 },
      bySeverity: { critical: 8 },
      firstAt: '2025-01-05T10:30:00.000Z',
      lastAt: '2025-01-28T15:45:00.000Z',
    };
    expect(formatMonthlyReport(report)).toBe(
      [
        '📊 CRITICAL ALERTS REPORT - 2025-01',
        '================================================================================',
        '',
        '📈 Total alerts: 8',
        '',
        '📋 By event type:',
        '  - INTEGRITY BREACH DETECTED: 5',
        '  - SAKA WALLET INCONSISTENCY: 2',
        '  - MASSIVE MODIFICATION: 1',
        '',
        '📧 By channel:',
        '  - Email + Webhook: 4',
        '  - Email only: 3',
        '  - Webhook only: 1',
        '',
        '🚨 By severity:',
        '  - critical: 8',
        '',
        '⏰ Period:',
        '  - First alert: 2025-01-05 10:30:00 UTC',
        '  - Last alert: 2025-01-28 15:45:00 UTC',
        '',
        '================================================================================',
        '✅ Report generated successfully',
      ].join('\n'),
    );
  });

  it('orders ties by name, labels every channel kind, and keeps each line on one line', () => {
    const text = formatMonthlyReport({
      month: '2025-02',
      from: '2025-02-01T00:00:00.000Z',
      to: '2025-03-01T00:00:00.000Z',
      total: 6,
      byEventType: { 'b\ninjected': 2, a: 2, c: 2 },
      byChannel: { sms: 2, voice: 2, multiple: 2 },
      bySeverity: { low: 1, critical: 3, high: 2, medium: 0 },
      firstAt: '2025-02-01T00:00:00.000Z',
      lastAt: '2025-02-28T23:59:59.000Z',
    });
    expect(text).toContain('  - a: 2\n  - b injected: 2\n  - c: 2\n');
    expect(text).toContain('  - SMS only: 2\n  - Several channels: 2\n  - Voice call only: 2\n');
    expect(text).toContain('🚨 By severity:\n  - critical: 3\n  - high: 2\n  - low: 1\n\n');
  });

  it('says none for an empty month', () => {
    const text = formatMonthlyReport({
      month: '2025-03',
      from: '2025-03-01T00:00:00.000Z',
      to: '2025-04-01T00:00:00.000Z',
      total: 0,
      byEventType: {},
      byChannel: {},
      bySeverity: {},
      firstAt: null,
      lastAt: null,
    });
    expect(text).toContain('📈 Total alerts: 0\n');
    expect(text).toContain('📋 By event type:\n  - none\n');
    expect(text).toContain('📧 By channel:\n  - none\n');
    expect(text).toContain('🚨 By severity:\n  - none\n');
    expect(text).toContain('  - First alert: —\n  - Last alert: —\n');
  });
});
