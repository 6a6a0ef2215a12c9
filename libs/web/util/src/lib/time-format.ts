/** "just now", "12 s ago", "3 min ago", "2 h ago", "4 d ago" (or "in 5 min" ahead). */
export function relativeTime(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const ahead = then > now;
  const seconds = Math.round(Math.abs(now - then) / 1000);
  if (seconds < 5) return 'just now';
  let amount: string;
  if (seconds < 60) amount = `${seconds} s`;
  else if (seconds < 3600) amount = `${Math.floor(seconds / 60)} min`;
  else if (seconds < 86_400) amount = `${Math.floor(seconds / 3600)} h`;
  else amount = `${Math.floor(seconds / 86_400)} d`;
  return ahead ? `in ${amount}` : `${amount} ago`;
}

const LOCAL_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

/** "7 Dec 2026, 03:12:05 CET" in the browser's time zone; "—" for no time. */
export function localTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const then = Date.parse(iso);
  return Number.isNaN(then) ? iso : LOCAL_FORMAT.format(then);
}
