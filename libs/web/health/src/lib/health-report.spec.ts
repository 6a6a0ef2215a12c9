import { isHealthReport, isNotOlder } from './health-report';
import { healthyReport } from './health-report.fixture';

describe('isHealthReport', () => {
  it('accepts a report and rejects other bodies', () => {
    expect(isHealthReport(healthyReport())).toBe(true);
    expect(isHealthReport({ statusCode: 503, message: 'Service Unavailable' })).toBe(false);
    expect(isHealthReport('<html></html>')).toBe(false);
    expect(isHealthReport(null)).toBe(false);
  });
});

describe('isNotOlder', () => {
  const earlier = healthyReport({ timestamp: '2026-01-30T14:00:00.000Z' });
  const later = healthyReport({ timestamp: '2026-01-30T14:00:05.000Z' });

  it('lets a newer or equally recent report replace the current one', () => {
    expect(isNotOlder(later, earlier)).toBe(true);
    expect(isNotOlder(earlier, earlier)).toBe(true);
    expect(isNotOlder(earlier, null)).toBe(true);
  });

  it('keeps an older report from replacing a newer one', () => {
    expect(isNotOlder(earlier, later)).toBe(false);
  });
});
