import type { StatusComponentState } from '@hyperion/contracts';
import { STATUS_PAGE_INCIDENT_STATUS_LABELS, STATUS_PUBLIC_ROUTES } from '@hyperion/contracts';

import { html, SafeHtml, time, utcText } from './html';
import {
  componentStateAt,
  OVERALL_HEADLINES,
  overallState,
  PublicComponent,
  PublicDay,
  PublicIncident,
  PublicLatency,
  PublicMaintenance,
  PublicStatusModel,
  windowAt,
} from './public-status-model';

/** Resolved incidents stay on the page this long ("Past incidents"); the feed keeps more. */
export const PAST_INCIDENT_DAYS = 14;

const STATE_LABELS: Readonly<Record<StatusComponentState, { icon: string; text: string }>> = {
  operational: { icon: '✓', text: 'Operational' },
  degraded: { icon: '!', text: 'Degraded performance' },
  outage: { icon: '✕', text: 'Outage' },
  maintenance: { icon: '⚙', text: 'Under maintenance' },
  unknown: { icon: '?', text: 'No data' },
};

/** Light and dark (by the reader's preference); states in words and symbols, not colour only. */
const STYLE = `
:root { color-scheme: light dark; --bg: #f6f7f9; --card: #fff; --text: #1b1f24; --muted: #57606a;
  --line: #d0d7de; --good: #1a7f37; --fair: #4ac26b; --warn: #bf8700; --bad: #cf222e;
  --maint: #0969da; --none: #c4c9cf; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --card: #161b22; --text: #e6edf3;
  --muted: #9da7b3; --line: #30363d; --good: #3fb950; --fair: #2ea043; --warn: #d29922;
  --bad: #f85149; --maint: #58a6ff; --none: #484f58; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, main, footer { max-width: 56rem; margin: 0 auto; padding: 1rem; }
h1 { margin: 1rem 0 0.25rem; font-size: 1.8rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.75rem; }
h3 { font-size: 1.05rem; margin: 0 0 0.25rem; }
p { margin: 0.25rem 0; }
.muted, footer { color: var(--muted); font-size: 0.9rem; }
.prose { white-space: pre-line; overflow-wrap: anywhere; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px;
  padding: 1rem; margin: 0 0 0.75rem; }
.overall { border-left: 6px solid var(--good); }
.overall h2 { margin: 0; }
.overall.degraded { border-left-color: var(--warn); }
.overall.partial_outage, .overall.major_outage { border-left-color: var(--bad); }
.overall.maintenance { border-left-color: var(--maint); }
.stale { color: var(--warn); font-weight: 600; }
ul.components { list-style: none; margin: 0; padding: 0; }
ul.components > li { padding: 0.75rem 0; border-top: 1px solid var(--line); }
ul.components > li:first-child { border-top: 0; }
.row { display: flex; justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
.state { font-weight: 600; }
.state.operational { color: var(--good); } .state.degraded { color: var(--warn); }
.state.outage { color: var(--bad); } .state.maintenance { color: var(--maint); }
.state.unknown { color: var(--muted); }
svg { display: block; width: 100%; height: auto; margin: 0.4rem 0 0.1rem; }
.u-none { fill: var(--none); } .u-good { fill: var(--good); } .u-fair { fill: var(--fair); }
.u-warn { fill: var(--warn); } .u-bad { fill: var(--bad); }
.latency { fill: none; stroke: var(--maint); stroke-width: 2; }
.axis { stroke: var(--line); stroke-width: 1; }
ol.updates { list-style: none; padding: 0; margin: 0.5rem 0 0; }
ol.updates > li { border-left: 3px solid var(--line); padding: 0 0 0.5rem 0.75rem; }
form { display: flex; gap: 0.5rem; flex-wrap: wrap; align-items: end; }
label { display: flex; flex-direction: column; font-weight: 600; }
input[type=email] { font: inherit; padding: 0.4rem 0.6rem; min-width: 18rem; border-radius: 6px;
  border: 1px solid var(--line); background: var(--bg); color: var(--text); }
button { font: inherit; padding: 0.45rem 1rem; border-radius: 6px; border: 1px solid var(--maint);
  background: var(--maint); color: #fff; cursor: pointer; }
a { color: var(--maint); }
dl { margin: 0.5rem 0 0; } dt { font-weight: 600; } dd { margin: 0 0 0.5rem; }
`;

/** The frame every public page shares; `refresh` reloads the status page itself (no script). */
export function layout(options: {
  title: string;
  body: SafeHtml;
  refresh?: boolean;
  feed?: string;
}): string {
  return `<!doctype html>${html`<html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      ${options.refresh ? new SafeHtml('<meta http-equiv="refresh" content="60">') : ''}
      <meta name="robots" content="noarchive" />
      <title>${options.title}</title>
      ${options.feed
        ? html`<link
            rel="alternate"
            type="application/atom+xml"
            title="Updates"
            href="${options.feed}"
          />`
        : ''}
      <style>
        ${new SafeHtml(STYLE)}
      </style>
    </head>
    <body>
      ${options.body}
      <footer><p>Powered by Hyperion</p></footer>
    </body>
  </html> `}`;
}

function stateBadge(state: StatusComponentState): SafeHtml {
  const label = STATE_LABELS[state];
  return html`<span class="state ${state}"
    ><span aria-hidden="true">${label.icon}</span> ${label.text}</span
  >`;
}

/** Percent with two decimals, never rounding a day with a failure up to 100.00. */
export function percent(up: number, total: number): string {
  const value = Math.floor((up / total) * 10_000) / 100;
  return value.toFixed(2);
}

function dayClass(day: PublicDay): string {
  if (day.total === 0) return 'u-none';
  const ratio = day.up / day.total;
  if (ratio >= 0.999) return 'u-good';
  if (ratio >= 0.99) return 'u-fair';
  if (ratio >= 0.95) return 'u-warn';
  return 'u-bad';
}

/** 90 bars, one per UTC day; each names its day and figure (hover, screen readers). */
function uptimeBars(days: readonly PublicDay[]): SafeHtml {
  const up = days.reduce((n, d) => n + d.up, 0);
  const total = days.reduce((n, d) => n + d.total, 0);
  const summary =
    total === 0
      ? `No checks in the last ${days.length} days`
      : `${percent(up, total)} % uptime over the last ${days.length} days`;
  const bars = days.map((d, i) => {
    const text =
      d.total === 0
        ? `${d.date}: no data`
        : `${d.date}: ${percent(d.up, d.total)} % up (${d.total} checks)`;
    return html`<rect x="${i * 8}" y="0" width="6" height="34" rx="1" class="${dayClass(d)}"
      ><title>${text}</title></rect
    >`;
  });
  return html`<svg
      viewBox="0 0 ${days.length * 8 - 2} 34"
      preserveAspectRatio="none"
      role="img"
      aria-label="${summary}"
    >
      ${bars}
    </svg>
    <p class="muted">${summary}</p>`;
}

/** The half-hourly response times of the last 24 hours as a line, with its figures in words. */
function latencyGraph(points: readonly PublicLatency[], builtAt: string): SafeHtml {
  if (points.length === 0) return html`<p class="muted">No response times in the last 24 hours</p>`;
  const end = new Date(builtAt).getTime();
  const start = end - 86_400_000;
  const max = Math.max(...points.map((p) => p.ms), 1);
  const average = Math.round(points.reduce((n, p) => n + p.ms, 0) / points.length);
  const coordinates = points
    .map((p) => {
      const x = ((new Date(p.at).getTime() - start) / 86_400_000) * 480;
      const y = 58 - (p.ms / max) * 54;
      return `${Math.max(0, Math.min(480, x)).toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
  const summary = `Response time over the last 24 hours: ${average} ms on average, at most ${Math.round(max)} ms`;
  return html`<svg
      viewBox="0 0 480 60"
      preserveAspectRatio="none"
      role="img"
      aria-label="${summary}"
    >
      <line class="axis" x1="0" y1="59" x2="480" y2="59" />
      <polyline class="latency" points="${coordinates}" />
    </svg>
    <p class="muted">${summary}</p>`;
}

function component(c: PublicComponent, state: StatusComponentState, builtAt: string): SafeHtml {
  return html`<li>
    <div class="row"><span>${c.name}</span>${stateBadge(state)}</div>
    ${c.days ? uptimeBars(c.days) : ''} ${c.latency ? latencyGraph(c.latency, builtAt) : ''}
  </li>`;
}

function incident(i: PublicIncident): SafeHtml {
  const status = STATUS_PAGE_INCIDENT_STATUS_LABELS[i.status];
  return html`<article class="card">
    <h3>${i.title}</h3>
    <p class="muted">
      ${status} · first posted
      ${time(i.createdAt)}${i.resolvedAt ? html`, resolved ${time(i.resolvedAt)}` : ''}
    </p>
    <ol class="updates" aria-label="Updates, newest first">
      ${i.updates.map(
        (u) =>
          html`<li>
            <p>
              <strong>${STATUS_PAGE_INCIDENT_STATUS_LABELS[u.status]}</strong> —
              ${time(u.createdAt)}
            </p>
            <p class="prose">${u.message}</p>
          </li>`,
      )}
    </ol>
  </article>`;
}

function maintenanceCard(
  m: PublicMaintenance,
  window: { start: Date; end: Date; inProgress: boolean },
  names: ReadonlyMap<string, string>,
): SafeHtml {
  const affected = m.affects.map((id) => names.get(id)).filter((n): n is string => !!n);
  return html`<article class="card">
    <h3>${m.title}</h3>
    <p>
      <strong>${window.inProgress ? 'In progress' : 'Scheduled'}</strong>: ${time(window.start)} –
      ${time(window.end)}
    </p>
    ${m.recurrence ? html`<p class="muted">Repeats ${m.recurrence} (UTC)</p>` : ''}
    ${affected.length ? html`<p>Affects: ${affected.join(', ')}</p>` : ''}
    ${m.description ? html`<p class="prose">${m.description}</p>` : ''}
  </article>`;
}

/**
 * The status page (`GET /status/<slug>`) at `now`; `stale` when it is served from the cache
 * because the database cannot be read (it then says so, with the time it shows).
 */
export function renderStatusPage(
  model: PublicStatusModel,
  now: Date,
  options: { stale: boolean },
): string {
  const routes = {
    feed: STATUS_PUBLIC_ROUTES.feed(model.slug),
    calendar: STATUS_PUBLIC_ROUTES.calendar(model.slug),
    subscribe: STATUS_PUBLIC_ROUTES.subscribe(model.slug),
  };
  const names = new Map<string, string>();
  const states: StatusComponentState[] = [];
  const groups = model.groups.map((g) => {
    const items = g.components.map((c) => {
      names.set(c.targetId, c.name);
      const state = componentStateAt(c, model.maintenance, now);
      states.push(state);
      return component(c, state, model.builtAt);
    });
    return html`<section class="card" aria-label="${g.name}">
      <h3>${g.name}</h3>
      <ul class="components">
        ${items}
      </ul>
    </section>`;
  });
  const open = model.incidents.filter((i) => i.status !== 'resolved');
  const pastSince = now.getTime() - PAST_INCIDENT_DAYS * 86_400_000;
  const past = model.incidents.filter(
    (i) => i.status === 'resolved' && i.resolvedAt && new Date(i.resolvedAt).getTime() >= pastSince,
  );
  const overall = overallState(states, open.length);
  const windows = model.maintenance
    .map((m) => ({ m, window: windowAt(m, now) }))
    .filter((x): x is { m: PublicMaintenance; window: NonNullable<typeof x.window> } => !!x.window)
    .sort((a, b) => a.window.start.getTime() - b.window.start.getTime());

  const body = html`<header>
      <h1>${model.name}</h1>
      ${model.description ? html`<p class="prose">${model.description}</p>` : ''}
    </header>
    <main>
      <section class="card overall ${overall}" aria-labelledby="overall">
        <h2 id="overall">${OVERALL_HEADLINES[overall]}</h2>
        <p class="muted">Last updated ${time(model.builtAt)}</p>
        ${options.stale
          ? html`<p class="stale" role="status">
              Live data cannot be read right now: this is the page as of ${utcText(model.builtAt)}.
            </p>`
          : ''}
      </section>
      ${open.length
        ? html`<section aria-labelledby="incidents">
            <h2 id="incidents">Current incidents</h2>
            ${open.map(incident)}
          </section>`
        : ''}
      ${windows.length
        ? html`<section aria-labelledby="maintenance">
            <h2 id="maintenance">Maintenance</h2>
            ${windows.map((x) => maintenanceCard(x.m, x.window, names))}
          </section>`
        : ''}
      <section aria-labelledby="components">
        <h2 id="components">Components</h2>
        ${groups.length
          ? groups
          : html`<p class="muted">No components are shown on this page yet.</p>`}
      </section>
      <section aria-labelledby="past">
        <h2 id="past">Past incidents (last ${PAST_INCIDENT_DAYS} days)</h2>
        ${past.length ? past.map(incident) : html`<p class="muted">No incidents reported.</p>`}
      </section>
      ${model.postmortems.length
        ? html`<section aria-labelledby="postmortems">
            <h2 id="postmortems">Post-mortems</h2>
            ${model.postmortems.map(
              (p) =>
                html`<article class="card">
                  <h3>${p.incidentTitle}</h3>
                  <p class="muted">Published ${time(p.publishedAt)}</p>
                  <dl>
                    <dt>Summary</dt>
                    <dd class="prose">${p.summary}</dd>
                    <dt>Impact</dt>
                    <dd class="prose">${p.impact}</dd>
                    <dt>Root cause</dt>
                    <dd class="prose">${p.rootCause}</dd>
                  </dl>
                </article>`,
            )}
          </section>`
        : ''}
      <section aria-labelledby="follow">
        <h2 id="follow">Stay informed</h2>
        <div class="card">
          ${model.subscriptions
            ? html`<form method="post" action="${routes.subscribe}">
                  <label
                    >Email address
                    <input type="email" name="email" required maxlength="254" autocomplete="email"
                  /></label>
                  <button type="submit">Subscribe to updates</button>
                </form>
                <p class="muted">
                  You will get a link to confirm first; every email has a link to unsubscribe.
                </p>`
            : ''}
          <p>
            <a href="${routes.feed}">Atom feed</a> of incident updates and maintenance ·
            <a href="${routes.calendar}">Calendar</a> of maintenance (iCalendar)
          </p>
        </div>
      </section>
    </main>`;
  return layout({ title: `${model.name} status`, body, refresh: true, feed: routes.feed });
}

/** A short page of its own: a subscription's outcome, a page not found, a page unavailable. */
export function renderMessagePage(options: {
  title: string;
  message: string;
  back?: { slug: string; name: string };
  /** A button posting to `href` (a step a link only offers, so a mail scanner does nothing). */
  action?: { href: string; label: string };
}): string {
  const body = html`<header><h1>${options.title}</h1></header>
    <main>
      <div class="card">
        <p class="prose">${options.message}</p>
        ${options.action
          ? html`<form method="post" action="${options.action.href}">
              <button type="submit">${options.action.label}</button>
            </form>`
          : ''}
        ${options.back
          ? html`<p>
              <a href="${STATUS_PUBLIC_ROUTES.page(options.back.slug)}"
                >Back to ${options.back.name}</a
              >
            </p>`
          : ''}
      </div>
    </main>`;
  return layout({ title: options.title, body });
}
