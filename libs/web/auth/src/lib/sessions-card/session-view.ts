import type { SessionSummary } from '@hyperion/contracts';

/** Browsers, most specific first: Edge and Opera also say "Chrome", Chrome also says "Safari". */
const BROWSERS: readonly (readonly [RegExp, string])[] = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chromium\//, 'Chromium'],
  [/HeadlessChrome\//, 'Headless Chrome'],
  [/Chrome\/|CriOS\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];

const SYSTEMS: readonly (readonly [RegExp, string])[] = [
  [/iPhone/, 'iPhone'],
  [/iPad/, 'iPad'],
  [/Android/, 'Android'],
  [/CrOS/, 'ChromeOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
];

/**
 * A user agent in words: "Firefox on Linux", "Safari on iPhone"; a program that is not a browser
 * by its own name ("curl", "node-superagent"); "Unknown device" when there is none.
 */
export function describeUserAgent(userAgent: string | null): string {
  const agent = userAgent?.trim() ?? '';
  if (agent === '') {
    return 'Unknown device';
  }
  const browser = BROWSERS.find(([pattern]) => pattern.test(agent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(agent))?.[1];
  if (browser && system) {
    return `${browser} on ${system}`;
  }
  if (browser || system) {
    return browser ?? `Browser on ${system}`;
  }
  // Not a browser: its product name (`curl/8.5.0` → curl), kept short.
  const product = /^[A-Za-z][\w.-]*/.exec(agent)?.[0] ?? agent;
  return product.slice(0, 40);
}

const UNITS: readonly (readonly [Intl.RelativeTimeFormatUnit, number])[] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "just now", "5 minutes ago", "yesterday", "3 weeks ago" (English, as the console is). */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  if (Number.isNaN(seconds)) {
    return 'unknown';
  }
  if (Math.abs(seconds) < 45) {
    return 'just now';
  }
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) {
      return format.format(Math.round(seconds / size), unit);
    }
  }
  return format.format(Math.round(seconds / 60), 'minute');
}

/** How the session was opened, in words. */
export function describeMethod(method: string | null): string | null {
  switch (method) {
    case 'password':
      return 'Password';
    case 'password+totp':
      return 'Password and authenticator code';
    case 'password+recovery_code':
      return 'Password and recovery code';
    case 'switch-organization':
      return 'Organisation switch';
    default:
      return null;
  }
}

/** What the card shows of one session. */
export interface SessionView {
  readonly id: string;
  readonly device: string;
  /** The raw user agent, for the tooltip. */
  readonly userAgent: string;
  readonly ip: string;
  readonly signedIn: string;
  readonly signedInIso: string;
  readonly lastActive: string;
  readonly lastActiveIso: string;
  readonly method: string | null;
  readonly organization: string | null;
  readonly current: boolean;
}

/** "22 Nov 2026, 09:14 UTC": with the zone, since sessions span places and the audit log is UTC. */
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

/** The sessions as the card lists them: this one first, then the most recently active. */
export function sessionViews(
  sessions: readonly SessionSummary[],
  organizationName: (id: string) => string | null,
  now: number = Date.now(),
): SessionView[] {
  return [...sessions]
    .sort(
      (a, b) =>
        Number(b.current) - Number(a.current) ||
        Date.parse(b.lastUsedAt) - Date.parse(a.lastUsedAt),
    )
    .map((session) => ({
      id: session.id,
      device: describeUserAgent(session.userAgent),
      userAgent: session.userAgent ?? '',
      ip: session.ip ?? 'unknown address',
      signedIn: DATE_TIME.format(new Date(session.createdAt)),
      signedInIso: session.createdAt,
      lastActive: relativeTime(session.lastUsedAt, now),
      lastActiveIso: session.lastUsedAt,
      method: describeMethod(session.method),
      organization: session.organizationId ? organizationName(session.organizationId) : null,
      current: session.current,
    }));
}
