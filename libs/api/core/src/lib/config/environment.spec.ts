import { loadConfig } from './app-config';
import { ConfigValidationError } from './environment';

describe('loadConfig', () => {
  it('applies the documented defaults when nothing is set', () => {
    const config = loadConfig({}, '/srv/hyperion');
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: '/srv/hyperion/.data',
      databaseUrl: undefined,
      redisUrl: 'redis://127.0.0.1:6379',
      redisUrlExplicit: false,
      diskUsageThreshold: 90,
      logFormat: 'json',
    });
  });

  it('reads typed values from strings', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        DATA_DIR: '/var/lib/hyperion',
        DISK_USAGE_THRESHOLD: '75',
        REDIS_URL: 'redis://r:6379',
      },
      '/srv',
    );
    expect(config.port).toBe(8080);
    expect(config.dataDir).toBe('/var/lib/hyperion');
    expect(config.diskUsageThreshold).toBe(75);
    expect(config.redisUrlExplicit).toBe(true);
  });

  it.each([
    ['PORT', 'abc', 'PORT must be an integer between 0 and 65535 (got "abc")'],
    ['PORT', '70000', 'PORT must be an integer between 0 and 65535 (got "70000")'],
    ['DATABASE_URL', 'mysql://x', 'DATABASE_URL must be a postgres:// or postgresql:// URL'],
    ['DISK_USAGE_THRESHOLD', '150', 'DISK_USAGE_THRESHOLD must be an integer percentage'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of error, warn, log, debug, verbose'],
  ])('rejects %s=%s with a message naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigValidationError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('names every bad variable in one error', () => {
    try {
      loadConfig({ PORT: 'x', REDIS_URL: 'http://nope' });
      fail('expected a ConfigValidationError');
    } catch (error) {
      expect((error as ConfigValidationError).problems).toHaveLength(2);
      expect((error as Error).message).toMatch(/^Invalid configuration: .*PORT.*REDIS_URL/);
    }
  });
});

describe('notification settings', () => {
  it('defaults to no allowlist, 5 attempts, 2 s back-off and a 10 s timeout', () => {
    expect(loadConfig({})).toMatchObject({
      notificationAllowedHosts: [],
      notificationAttempts: 5,
      notificationBackoffMs: 2000,
      notificationTimeoutMs: 10_000,
    });
  });

  it('reads the allowlist as a trimmed, lower-case list', () => {
    expect(
      loadConfig({ NOTIFICATION_ALLOWED_HOSTS: ' Chat.Internal , 127.0.0.1 ' })
        .notificationAllowedHosts,
    ).toEqual(['chat.internal', '127.0.0.1']);
  });

  it('refuses attempts outside 1..20 and an allowlist that is not a list of hosts, naming them', () => {
    expect(() => loadConfig({ NOTIFICATION_ATTEMPTS: '21' })).toThrow(
      /NOTIFICATION_ATTEMPTS must be an integer between 1 and 20/,
    );
    expect(() => loadConfig({ NOTIFICATION_ALLOWED_HOSTS: 'a b' })).toThrow(
      /NOTIFICATION_ALLOWED_HOSTS must be a comma-separated list/,
    );
  });
});

describe('Prometheus metrics settings', () => {
  it('serves /metrics by default, with no token configured (one is generated under DATA_DIR)', () => {
    expect(loadConfig({})).toMatchObject({ metricsEnabled: true, metricsToken: undefined });
    expect(loadConfig({ METRICS_ENABLED: 'false' }).metricsEnabled).toBe(false);
  });

  it('refuses a short or spaced token and an enabled flag that is not true or false, naming them', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(
      /METRICS_TOKEN must be 16 to 256 characters/,
    );
    expect(() => loadConfig({ METRICS_TOKEN: 'a token with spaces in it' })).toThrow(
      /METRICS_TOKEN must be/,
    );
    expect(() => loadConfig({ METRICS_ENABLED: 'yes' })).toThrow(
      /METRICS_ENABLED must be true or false/,
    );
  });
});

describe('anomaly detection settings', () => {
  it('reads ANOMALY_THRESHOLD between 0 and 1 (0.95 by default) and refuses anything else', () => {
    expect(loadConfig({}).anomalyThreshold).toBe(0.95);
    expect(loadConfig({ ANOMALY_THRESHOLD: '0.99' }).anomalyThreshold).toBe(0.99);
    expect(loadConfig({ ANOMALY_THRESHOLD: '.9' }).anomalyThreshold).toBe(0.9);
    for (const bad of ['0', '1', '1.5', '-0.5', 'high', '0.0']) {
      expect(() => loadConfig({ ANOMALY_THRESHOLD: bad })).toThrow(/ANOMALY_THRESHOLD must be/);
    }
  });
});

describe('browser terminal settings', () => {
  it('defaults to 30 idle minutes, no input recorded, 90 days and 100 MiB recordings', () => {
    expect(loadConfig({})).toMatchObject({
      sshTerminalIdleMs: 30 * 60_000,
      sshTerminalRecordInput: false,
      sshRecordingRetentionDays: 90,
      sshRecordingMaxBytes: 100 * 1024 * 1024,
    });
    expect(loadConfig({ SSH_TERMINAL_IDLE_MINUTES: '0.05' }).sshTerminalIdleMs).toBe(3000);
    expect(loadConfig({ SSH_TERMINAL_RECORD_INPUT: 'true' }).sshTerminalRecordInput).toBe(true);
  });

  it('refuses idle times outside 0.01..10080 minutes and flags that are not true or false, naming them', () => {
    for (const bad of ['0', '0.001', 'soon', '-1', '10081']) {
      expect(() => loadConfig({ SSH_TERMINAL_IDLE_MINUTES: bad })).toThrow(
        /SSH_TERMINAL_IDLE_MINUTES must be a number of minutes from 0.01 to 10080/,
      );
    }
    expect(() => loadConfig({ SSH_TERMINAL_RECORD_INPUT: 'yes' })).toThrow(
      /SSH_TERMINAL_RECORD_INPUT must be true or false/,
    );
    expect(() => loadConfig({ SSH_RECORDING_RETENTION_DAYS: '0' })).toThrow(
      /SSH_RECORDING_RETENTION_DAYS must be an integer between 1 and 3650/,
    );
  });
});
