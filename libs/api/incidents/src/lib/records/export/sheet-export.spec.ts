import { inflateSync } from 'node:zlib';

import type {
  IncidentAttachment,
  IncidentDetail,
  IncidentTimelineEntry,
} from '@hyperion/contracts';
import { incidentSheet } from './incident-sheet';
import { escapeInline, escapeLines, fenced, toMarkdown } from './markdown';
import { pdfSafe, toPdf } from './pdf';

/** A complete sheet for the export specs; `text` fills every free-text field. */
function exportFixture(text: (field: string) => string): {
  incident: IncidentDetail;
  timeline: IncidentTimelineEntry[];
  attachments: IncidentAttachment[];
} {
  const alice = { userId: '00000000-0000-4000-8000-00000000000a', name: 'alice' };
  const system = { type: 'system' as const, userId: null, name: 'Hyperion' };
  const incident: IncidentDetail = {
    id: '11111111-1111-4111-8111-111111111111',
    number: 7,
    title: text('title'),
    status: 'resolved',
    severity: 'high',
    module: text('module'),
    serviceId: '22222222-2222-4222-8222-222222222222',
    serviceName: text('serviceName'),
    assignee: alice,
    reportedAt: '2025-01-10T10:00:00.000Z',
    acknowledgedAt: '2025-01-10T10:02:00.000Z',
    resolvedAt: '2025-01-10T11:00:00.000Z',
    closedAt: null,
    createdAt: '2025-01-10T10:00:05.000Z',
    updatedAt: '2025-01-10T11:00:00.000Z',
    alertCount: 0,
    version: 4,
    reportedBy: { kind: 'admin', userId: alice.userId, name: text('reporter') },
    errorType: 'other',
    errorTypeOther: text('errorTypeOther'),
    description: text('description'),
    reproductionSteps: [
      { action: text('step1'), endpoint: text('endpoint1'), parameters: text('parameters1') },
      { action: text('step2'), endpoint: null, parameters: null },
    ],
    expectedBehaviour: text('expected'),
    observedBehaviour: text('observed'),
    environment: {
      os: text('os'),
      browser: text('browser'),
      browserVersion: '120',
      versions: [{ name: text('versionName'), version: text('version') }],
    },
    technicalLogs: {
      auditLogId: '42',
      traceback: text('traceback'),
      ipAddress: '203.0.113.9',
      timestamp: '2025-01-10T09:59:58.123Z',
    },
    analysis: {
      failingComponent: text('component'),
      probableCause: text('cause'),
      userImpact: text('impact'),
    },
    proposedSolution: {
      codeFix: text('codeFix'),
      dbMigration: null,
      servicesToRestart: ['Redis', text('service')],
    },
    testChecklist: {
      unit: { done: true, at: '2025-01-10T10:30:00.000Z', by: alice },
      api_integration: { done: false, at: null, by: null },
      browser: { done: false, at: null, by: null },
      audit_log: { done: true, at: '2025-01-10T10:40:00.000Z', by: alice },
      dev_environment: { done: false, at: null, by: null },
    },
    commander: alice,
    communicationsLead: null,
    responders: [alice],
    acknowledgedBy: { type: 'user', userId: alice.userId, name: 'alice' },
    startedAt: null,
    startedBy: null,
    resolvedBy: { type: 'user', userId: alice.userId, name: 'alice' },
    closedBy: null,
    reopenedAt: null,
    reopenedBy: null,
    reopenCount: 0,
    phases: { detection: { at: '2025-01-10T10:00:00.000Z', by: system } },
    allowedActions: ['close', 'reopen'],
    alerts: [],
    attachments: [],
    hasPostmortem: false,
  };
  const attachments: IncidentAttachment[] = [
    {
      id: '33333333-3333-4333-8333-333333333333',
      filename: text('filename'),
      contentType: 'image/png',
      size: 2048,
      sha256: 'a'.repeat(64),
      createdAt: '2025-01-10T10:05:00.000Z',
      createdBy: alice,
    },
  ];
  const timeline: IncidentTimelineEntry[] = [
    {
      id: '44444444-4444-4444-8444-444444444444',
      at: '2025-01-10T10:00:05.000Z',
      kind: 'created',
      actor: { type: 'user', userId: alice.userId, name: 'alice' },
      summary: 'Incident created',
      body: null,
      details: {},
      pinned: false,
    },
    {
      id: '55555555-5555-4555-8555-555555555555',
      at: '2025-01-10T10:10:00.000Z',
      kind: 'comment',
      actor: { type: 'user', userId: alice.userId, name: 'alice' },
      summary: 'Comment',
      body: text('comment'),
      details: {},
      pinned: true,
    },
  ];
  return { incident, timeline, attachments };
}

/** The text of a PDF's pages: its Flate streams inflated, the strings of each TJ joined. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  const streams = /\/Length (\d+)[^>]*\/Filter \/FlateDecode[^>]*>>\s*stream\r?\n/g;
  for (let m = streams.exec(raw); m; m = streams.exec(raw)) {
    const start = m.index + m[0].length;
    const content = inflateSync(pdf.subarray(start, start + Number(m[1]))).toString('latin1');
    for (const tj of content.matchAll(/\[([^\]]*)\] TJ/g)) {
      lines.push(
        [...tj[1].matchAll(/<([0-9a-f]*)>/gi)]
          .map((h) => Buffer.from(h[1], 'hex').toString('latin1'))
          .join(''),
      );
    }
  }
  return lines.join('\n');
}

/** What a line is to a Markdown reader: its block structure, not its words. */
function structure(line: string): string | null {
  if (/^#{1,6}(\s|$)/.test(line)) return `heading ${line.split(' ')[0]}`;
  if (/^\s*(`{3,}|~{3,})/.test(line)) return 'fence';
  if (/^\s*>/.test(line)) return 'quote';
  if (/^\s*</.test(line)) return 'html';
  if (/^\s*([-*_]\s*){3,}$/.test(line) || /^\s*=+\s*$/.test(line)) return 'rule';
  if (/^\s*[-+*]\s/.test(line)) return `bullet:${line.indexOf(line.trim())}`;
  if (/^\s*\d+[.)]\s/.test(line)) return `ordered:${line.indexOf(line.trim())}`;
  if (/^ {4,}\S/.test(line) && !/^ {2,}\S/.test(line.slice(2))) return 'code';
  if (/\|/.test(line.replace(/\\\|/g, ''))) return 'table';
  return null;
}

describe('exporting the anomaly sheet', () => {
  const exportedAt = new Date('2025-01-11T08:00:00.000Z');
  const plain = exportFixture((field) => `The ${field}`);

  describe('as Markdown', () => {
    const md = toMarkdown(
      incidentSheet(plain.incident, plain.timeline, plain.attachments, exportedAt),
    );

    it('follows the sheet of anomaly-process.md, section by section, then the timeline', () => {
      const headings = md.split('\n').filter((l) => l.startsWith('#'));
      expect(headings).toEqual([
        '# Anomaly sheet \\#007: The title',
        '## Sheet',
        '## Description',
        '## Reproduction steps',
        '## Expected behaviour',
        '## Observed behaviour',
        '## Environment',
        '## Technical logs',
        '## Screenshots',
        '## Technical analysis',
        '## Proposed solution',
        '## Tests to run',
        '## Status',
        '## Response',
        '## Timeline',
      ]);
    });

    it('writes every field of the sheet', () => {
      for (const line of [
        '- **Date:** 2025-01-10T10:00:00.000Z',
        '- **Reported by:** Admin: The reporter',
        '- **Severity:** Major (high)',
        '- **Affected module:** The module',
        '- **Error type:** other: The errorTypeOther',
        'The description',
        '1. The step1',
        '   - **Endpoint:** The endpoint1',
        '   - **Parameters:** The parameters1',
        '2. The step2',
        'The expected',
        'The observed',
        '- **OS:** The os',
        '- **Browser:** The browser 120',
        '- **The versionName:** The version',
        '- **Audit log entry:** 42',
        '- **IP address:** 203.0.113.9',
        '- **Timestamp:** 2025-01-10T09:59:58.123Z',
        '```text',
        'The traceback',
        '- [The filename](</api/v1/incidents/11111111-1111-4111-8111-111111111111/attachments/33333333-3333-4333-8333-333333333333>) (image/png, 2.0 KiB)',
        '- **Failing component:** The component',
        '- **Probable cause:** The cause',
        '- **User impact:** The impact',
        '- **Code fix:** The codeFix',
        '- **Database migration:** —',
        '- **Services to restart:** Redis, The service',
        '- [x] Unit tests (2025-01-10T10:30:00.000Z by alice)',
        '- [ ] API integration tests',
        '- [ ] Browser tests',
        '- [x] Audit log checked (2025-01-10T10:40:00.000Z by alice)',
        '- [ ] Tested in the development environment',
        '- **Status:** Resolved',
        '- **Assigned to:** alice',
        '- **Resolution date:** 2025-01-10T11:00:00.000Z',
        '- **Incident commander:** alice',
        '- **2025-01-10T10:00:05.000Z** alice: Incident created',
        '- **2025-01-10T10:10:00.000Z** alice: Comment (pinned)\\',
        '  The comment',
      ]) {
        expect(md.split('\n')).toContain(line);
      }
    });

    it('keeps its structure whatever users write in the fields', () => {
      const hostile = [
        '# Heading',
        '- bullet',
        '+ plus',
        '1. ordered',
        '2) ordered',
        '> quote',
        '```',
        '~~~',
        '    indented code',
        '<script>alert(1)</script>',
        '| a | b |',
        '---',
        '===',
        '***',
        '[link](javascript:alert(1)) ![img](http://x/y.png)',
        '*em* _em_ `code` ~~strike~~ &amp; \\',
        '',
        '',
        'after blank lines',
      ].join('\n');
      const attack = exportFixture((field) => `${field}\n${hostile}`);
      const hostileMd = toMarkdown(
        incidentSheet(attack.incident, attack.timeline, attack.attachments, exportedAt),
      );
      const skeleton = (text: string) =>
        text
          .split('\n')
          .map(structure)
          .filter((s) => s !== null);
      // Inside the traceback's code block, anything goes: cut the fenced block out first.
      const withoutCode = (text: string) => text.replace(/^(`{3,})text\n[\s\S]*?\n\1$/m, '<code>');
      expect(skeleton(withoutCode(hostileMd))).toEqual(skeleton(withoutCode(md)));
      // The traceback is verbatim, in a fence longer than any run of backticks in it.
      expect(hostileMd).toContain(`\`\`\`\`text\ntraceback\n${hostile}\n\`\`\`\``);
      // No raw HTML or link survives.
      expect(withoutCode(hostileMd)).not.toMatch(/(^|[^\\])<script>/);
      expect(withoutCode(hostileMd)).not.toMatch(/(^|[^\\])\[link\]/);
    });

    it('escapes one line so it reads back as written', () => {
      expect(escapeInline('*a* _b_ `c` [d](e) <f> #g | h ~i~ &j \\k')).toBe(
        '\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) \\<f\\> \\#g \\| h \\~i\\~ \\&j \\\\k',
      );
      expect(escapeInline('two\nlines')).toBe('two lines');
      expect(escapeLines('- a\n1. b\n\n\n  c', true)).toEqual(['\\- a\\', '1\\. b', '', 'c']);
      expect(escapeLines('a\n\nb', false)).toEqual(['a\\', 'b']);
      expect(fenced('x ```` y')).toEqual(['`````text', 'x ```` y', '`````']);
    });
  });

  describe('as PDF', () => {
    it('is a PDF holding the title and the sheet', async () => {
      const pdf = await toPdf(
        incidentSheet(plain.incident, plain.timeline, plain.attachments, exportedAt),
        exportedAt,
      );
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.subarray(-6).toString()).toMatch(/%%EOF\s*$/);
      const text = pdfText(pdf);
      expect(text).toContain('Anomaly sheet #007: The title');
      for (const expected of ['Reproduction steps', 'The step1', 'The traceback', 'Unit tests']) {
        expect(text).toContain(expected);
      }
    });

    it('draws text the standard fonts cannot, readably', async () => {
      expect(pdfSafe('Écran → “ok” — 10 €\u0000 日本 😀')).toBe('Écran -> “ok” — 10 €  ?? ?');
      const pdf = await toPdf(
        incidentSheet(
          exportFixture((field) => `${field} 日本 😀 → ok`).incident,
          [],
          [],
          exportedAt,
        ),
      );
      expect(pdfText(pdf)).toContain('title ?? ? -> ok');
    });
  });
});
