import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

import type {
  ActionItemSummary,
  IncidentAttachment,
  IncidentDetail,
  IncidentStats,
  IncidentTimelineEntry,
  PostmortemDetail,
} from '@hyperion/contracts';
import {
  AUTH_ROUTES,
  INCIDENT_ROUTES,
  ORGANIZATION_ROUTES,
  SERVICE_ROUTES,
  TokenPair,
} from '@hyperion/contracts';
import request from 'supertest';

import { auditRows, createUser, unique } from './auth-helpers';
import { adminToken, loginAs, queryDb, startTestApp, TestApp } from './test-app';

/** A real 1×1 PNG, then bytes of this test's own (viewers ignore what follows IEND). */
const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const png = () => Buffer.concat([PNG_1X1, randomBytes(64)]);
const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(256)]);

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

describe('incident records: attachments, exports, post-mortem, action items, MTTA / MTTR', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;
  let orgId: string;

  const api = () => ({
    get: (path: string) => request(t.url).get(path).set('Authorization', `Bearer ${admin}`),
    post: (path: string) => request(t.url).post(path).set('Authorization', `Bearer ${admin}`),
    put: (path: string) => request(t.url).put(path).set('Authorization', `Bearer ${admin}`),
    patch: (path: string) => request(t.url).patch(path).set('Authorization', `Bearer ${admin}`),
    delete: (path: string) => request(t.url).delete(path).set('Authorization', `Bearer ${admin}`),
  });

  const createIncident = async (fields: Record<string, unknown> = {}): Promise<IncidentDetail> => {
    const res = await api()
      .post(INCIDENT_ROUTES.collection)
      .send({ title: unique('Login fails'), severity: 'high', ...fields });
    expect(res.status).toBe(201);
    return res.body as IncidentDetail;
  };

  const move = async (id: string, action: 'acknowledge' | 'start' | 'resolve' | 'close') => {
    const res = await api().post(INCIDENT_ROUTES.action(id, action)).send({});
    expect(res.status).toBe(200);
  };

  const timelineOf = async (id: string): Promise<IncidentTimelineEntry[]> => {
    const res = await api().get(INCIDENT_ROUTES.timeline(id));
    expect(res.status).toBe(200);
    return res.body as IncidentTimelineEntry[];
  };

  const upload = (id: string, bytes: Buffer, filename: string, contentType = 'image/png') =>
    api().post(INCIDENT_ROUTES.attachments(id)).attach('file', bytes, { filename, contentType });

  const filesOf = (organizationId: string) => {
    const dir = join(t.config.dataDir, 'incident-attachments', organizationId);
    return existsSync(dir) ? readdirSync(dir).sort() : [];
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    const me = await request(t.url).get(AUTH_ROUTES.me).set('Authorization', `Bearer ${admin}`);
    adminId = me.body.id;
    [{ id: orgId }] = await queryDb<{ id: string }>(
      t,
      `SELECT id FROM organization WHERE slug = 'default'`,
    );
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('attachments', () => {
    it('serves an image back byte-identical, with its detected type, and shows it on the incident', async () => {
      const incident = await createIncident();
      const bytes = png();
      const res = await upload(incident.id, bytes, '../../Capture écran "1".png');
      expect(res.status).toBe(201);
      const attachment = res.body as IncidentAttachment;
      expect(attachment).toMatchObject({
        filename: 'Capture écran "1".png',
        contentType: 'image/png',
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        createdBy: { userId: adminId, name: 'admin' },
      });

      const served = await api()
        .get(INCIDENT_ROUTES.attachment(incident.id, attachment.id))
        .responseType('blob');
      expect(served.status).toBe(200);
      expect(Buffer.compare(served.body as Buffer, bytes)).toBe(0);
      expect(served.headers['content-type']).toBe('image/png');
      expect(served.headers['x-content-type-options']).toBe('nosniff');
      expect(served.headers['cache-control']).toMatch(/^private/);
      expect(served.headers['content-disposition']).toBe(
        `inline; filename="Capture _cran _1_.png"; filename*=UTF-8''Capture%20%C3%A9cran%20%221%22.png`,
      );

      expect((await api().get(INCIDENT_ROUTES.attachments(incident.id))).body).toEqual([
        attachment,
      ]);
      const detail = (await api().get(INCIDENT_ROUTES.item(incident.id))).body as IncidentDetail;
      expect(detail.attachments).toEqual([attachment]);
      expect(filesOf(orgId)).toContain(attachment.id);
      expect((await timelineOf(incident.id)).map((e) => e.kind)).toContain('attachment_added');
      expect(
        await auditRows(t, {
          action: 'incident_attachment_added',
          target: `incident:${incident.id}`,
        }),
      ).toHaveLength(1);
    });

    it('takes the type from the bytes: a JPEG named .png is a JPEG', async () => {
      const incident = await createIncident();
      const res = await upload(incident.id, jpeg(), 'photo.png', 'image/png');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ contentType: 'image/jpeg', filename: 'photo.jpg' });
      const served = await api().get(INCIDENT_ROUTES.attachment(incident.id, res.body.id));
      expect(served.headers['content-type']).toBe('image/jpeg');
    });

    it('answers 415 for a non-image renamed .png, keeping nothing', async () => {
      const incident = await createIncident();
      const before = filesOf(orgId);
      const res = await upload(
        incident.id,
        Buffer.from('#!/bin/sh\necho this is not an image\n'),
        'screenshot.png',
        'image/png',
      );
      expect(res.status).toBe(415);
      expect(res.body.message).toBe('file: not an image (PNG, JPEG, GIF or WebP)');
      expect((await api().get(INCIDENT_ROUTES.attachments(incident.id))).body).toEqual([]);
      expect(filesOf(orgId)).toEqual(before);
    });

    it('answers 413 for 20 MB at once, without reading it, and keeps nothing', async () => {
      const incident = await createIncident();
      const started = Date.now();
      const res = await upload(incident.id, Buffer.alloc(20 * 1024 * 1024, 1), 'huge.png');
      expect(res.status).toBe(413);
      expect(res.body.message).toBe('file: larger than 10 MiB');
      expect(Date.now() - started).toBeLessThan(5000);
      expect((await api().get(INCIDENT_ROUTES.attachments(incident.id))).body).toEqual([]);
    });

    it('answers 413 for a file one byte over 10 MiB in a body that hides it', async () => {
      const incident = await createIncident();
      const head = png();
      const bytes = Buffer.concat([head, Buffer.alloc(10 * 1024 * 1024 + 1 - head.length)]);
      expect(bytes.length).toBe(10 * 1024 * 1024 + 1);
      const res = await upload(incident.id, bytes, 'just-over.png');
      expect(res.status).toBe(413);
      expect(res.body.message).toBe('file: larger than 10 MiB');
      // Exactly 10 MiB is accepted.
      const ok = await upload(incident.id, bytes.subarray(0, 10 * 1024 * 1024), 'exact.png');
      expect(ok.status).toBe(201);
      expect(ok.body.size).toBe(10 * 1024 * 1024);
    });

    it('answers 400 naming the field for a missing file or a malformed body', async () => {
      const incident = await createIncident();
      const none = await api().post(INCIDENT_ROUTES.attachments(incident.id)).send({});
      expect(none.status).toBe(400);
      expect(none.body.message).toMatch(/^file: /);
      const other = await api()
        .post(INCIDENT_ROUTES.attachments(incident.id))
        .attach('image', png(), 'a.png');
      expect(other.status).toBe(400);
      expect(other.body.message).toMatch(/^file: /);
      const broken = await api()
        .post(INCIDENT_ROUTES.attachments(incident.id))
        .set('Content-Type', 'multipart/form-data; boundary=xyz')
        .send(
          '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG',
        );
      expect(broken.status).toBe(400);
      expect(broken.body.message).toMatch(/^file: /);
    });

    it('deletes an attachment: audited, on the timeline, its file gone', async () => {
      const incident = await createIncident();
      const { body: attachment } = await upload(incident.id, png(), 'gone.png');
      const res = await api().delete(INCIDENT_ROUTES.attachment(incident.id, attachment.id));
      expect(res.status).toBe(204);
      expect((await api().get(INCIDENT_ROUTES.attachment(incident.id, attachment.id))).status).toBe(
        404,
      );
      expect(filesOf(orgId)).not.toContain(attachment.id);
      expect((await timelineOf(incident.id)).map((e) => e.kind)).toContain('attachment_deleted');
      expect(
        await auditRows(t, {
          action: 'incident_attachment_deleted',
          target: `incident:${incident.id}`,
        }),
      ).toHaveLength(1);
    });

    it('lets a viewer read attachments but not add one (403)', async () => {
      const incident = await createIncident();
      const { body: attachment } = await upload(incident.id, png(), 'seen.png');
      const viewer = await createUser(t, admin, ['viewer']);
      const token = (await loginAs(t, viewer.username, viewer.password)).accessToken;
      const read = await request(t.url)
        .get(INCIDENT_ROUTES.attachment(incident.id, attachment.id))
        .set('Authorization', `Bearer ${token}`);
      expect(read.status).toBe(200);
      const write = await request(t.url)
        .post(INCIDENT_ROUTES.attachments(incident.id))
        .set('Authorization', `Bearer ${token}`)
        .attach('file', png(), 'nope.png');
      expect(write.status).toBe(403);
      expect((await api().get(INCIDENT_ROUTES.attachments(incident.id))).body).toHaveLength(1);
    });
  });

  describe('exports of the anomaly sheet', () => {
    let incident: IncidentDetail;
    let attachment: IncidentAttachment;

    beforeAll(async () => {
      incident = await createIncident({
        title: unique('Export: 2FA setup fails'),
        severity: 'critical',
        description: '# not a heading\n- not a list\n<script>alert(1)</script>',
        reproductionSteps: [
          { action: 'Open the 2FA page', endpoint: 'GET /api/v1/auth/2fa' },
          {
            action: 'Submit the code',
            endpoint: 'POST /api/v1/auth/2fa',
            parameters: 'code=123456',
          },
        ],
      });
      attachment = (await upload(incident.id, png(), 'step-2.png')).body;
    });

    it('gives the sheet as Markdown, section by section, user text escaped', async () => {
      const res = await api().get(INCIDENT_ROUTES.exportMarkdown(incident.id));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(
        new RegExp(
          `^attachment; filename="incident-${String(incident.number).padStart(3, '0')}\\.md"`,
        ),
      );
      const md = res.text;
      const headings = md.split('\n').filter((l) => l.startsWith('## '));
      expect(headings).toEqual([
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
      expect(md).toContain(`: ${incident.title}`);
      expect(md).toContain('- **Severity:** Critical (critical)');
      expect(md).toContain(
        '\\# not a heading\\\n\\- not a list\\\n\\<script\\>alert(1)\\</script\\>',
      );
      expect(md).toContain(
        '2. Submit the code\n   - **Endpoint:** POST /api/v1/auth/2fa\n   - **Parameters:** code=123456',
      );
      expect(md).toContain(
        `- [step-2.png](<${INCIDENT_ROUTES.attachment(incident.id, attachment.id)}>) (image/png,`,
      );
      expect(md).toContain('- [ ] Unit tests');
      expect(md).toContain('- **Status:** Open');
    });

    it('gives the sheet as a PDF that holds the title', async () => {
      const res = await api().get(INCIDENT_ROUTES.exportPdf(incident.id)).responseType('blob');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="incident-\d{3}\.pdf"/,
      );
      const pdf = res.body as Buffer;
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.subarray(-8).toString('latin1')).toMatch(/%%EOF\s*$/);
      const text = pdfText(pdf);
      expect(text).toContain(incident.title);
      expect(text).toContain('Submit the code');
      expect(text).toContain('step-2.png');
    });

    it('answers 404 for an unknown incident, 400 naming a malformed id', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      expect((await api().get(INCIDENT_ROUTES.exportMarkdown(unknown))).status).toBe(404);
      expect((await api().get(INCIDENT_ROUTES.exportPdf(unknown))).status).toBe(404);
      const bad = await api().get(INCIDENT_ROUTES.exportPdf('nope'));
      expect(bad.status).toBe(400);
      expect(bad.body.message).toBe('id must be a UUID');
    });
  });

  describe('post-mortem', () => {
    const body = (version: number, status: 'draft' | 'published' = 'draft') => ({
      summary: 'Logins failed for 20 minutes',
      rootCause: 'The Redis pool was exhausted',
      impact: 'Nobody could sign in',
      timeline: [{ at: '2025-01-10T10:00:00Z', text: 'First report' }],
      wentWell: 'Quick detection',
      wentBadly: 'No alert on the pool',
      status,
      version,
    });

    it('starts as a draft from the timeline, is saved once resolved, 409 when stale', async () => {
      const incident = await createIncident({ description: 'Sign-in broken' });
      await move(incident.id, 'acknowledge');
      expect(
        (await api().post(INCIDENT_ROUTES.notes(incident.id)).send({ body: 'Restarted Redis' }))
          .status,
      ).toBe(201);

      const draft = (await api().get(INCIDENT_ROUTES.postmortem(incident.id)))
        .body as PostmortemDetail;
      expect(draft).toMatchObject({
        incidentId: incident.id,
        version: 0,
        status: 'draft',
        summary: 'Sign-in broken',
        createdAt: null,
        actionItems: [],
      });
      const lines = draft.timeline.map((l) => l.text);
      expect(lines.some((l) => /Acknowledged/.test(l))).toBe(true);
      expect(lines.some((l) => /Restarted Redis/.test(l))).toBe(true);

      const early = await api().put(INCIDENT_ROUTES.postmortem(incident.id)).send(body(0));
      expect(early.status).toBe(409);
      expect(early.body.message).toMatch(/resolved or closed.*acknowledged/);

      await move(incident.id, 'resolve');
      const first = await api().put(INCIDENT_ROUTES.postmortem(incident.id)).send(body(0));
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        version: 1,
        status: 'draft',
        rootCause: 'The Redis pool was exhausted',
        timeline: [{ at: '2025-01-10T10:00:00.000Z', text: 'First report' }],
      });

      const stale = await api().put(INCIDENT_ROUTES.postmortem(incident.id)).send(body(0));
      expect(stale.status).toBe(409);
      expect(stale.body.message).toMatch(/^version: .*version 1/);

      const published = await api()
        .put(INCIDENT_ROUTES.postmortem(incident.id))
        .send(body(1, 'published'));
      expect(published.status).toBe(200);
      expect(published.body).toMatchObject({ version: 2, status: 'published' });
      expect((await api().get(INCIDENT_ROUTES.postmortem(incident.id))).body).toEqual(
        published.body,
      );

      const detail = (await api().get(INCIDENT_ROUTES.item(incident.id))).body as IncidentDetail;
      expect(detail.hasPostmortem).toBe(true);
      expect(detail.phases.post_mortem).toBeDefined();
      const kinds = (await timelineOf(incident.id)).map((e) => e.kind);
      expect(kinds.filter((k) => k === 'postmortem')).toHaveLength(2);
      expect(
        (
          await auditRows(t, {
            action: 'incident_postmortem_saved',
            target: `incident:${incident.id}`,
          })
        ).map((r) => r.details['version']),
      ).toEqual([1, 2]);
    });

    it('answers 400 naming the field for bad input', async () => {
      const incident = await createIncident();
      const res = await api()
        .put(INCIDENT_ROUTES.postmortem(incident.id))
        .send({ ...body(0), status: 'final', timeline: [{ at: 'yesterday', text: 'x' }] });
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual(
        expect.arrayContaining([expect.stringMatching(/^status: /), expect.stringMatching(/at: /)]),
      );
    });

    it('exports the post-mortem as Markdown', async () => {
      const incident = await createIncident();
      await move(incident.id, 'resolve');
      await api()
        .put(INCIDENT_ROUTES.postmortem(incident.id))
        .send({ ...body(0), wentBadly: '* no alert\n1. no runbook' });
      const res = await api().get(INCIDENT_ROUTES.postmortemMarkdown(incident.id));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
      expect(res.text).toContain(`# Post-mortem of incident \\#`);
      expect(res.text).toContain('## Root cause\n\nThe Redis pool was exhausted');
      expect(res.text).toContain('## What went badly\n\n\\* no alert\\\n1\\. no runbook');
    });
  });

  describe('action items', () => {
    const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

    it('lists overdue items until they are done; owners must be members', async () => {
      const incident = await createIncident();
      const late = await api()
        .post(INCIDENT_ROUTES.incidentActionItems(incident.id))
        .send({ title: unique('Add a pool alert'), ownerId: adminId, dueDate: yesterday() });
      expect(late.status).toBe(201);
      expect(late.body).toMatchObject({
        incidentId: incident.id,
        incidentNumber: incident.number,
        owner: { userId: adminId, name: 'admin' },
        dueDate: yesterday(),
        status: 'open',
        overdue: true,
      });
      const onTime = await api()
        .post(INCIDENT_ROUTES.incidentActionItems(incident.id))
        .send({ title: unique('Write a runbook'), dueDate: tomorrow() });
      expect(onTime.body.overdue).toBe(false);

      const overdue = async () =>
        (
          (await api().get(`${INCIDENT_ROUTES.actionItems}?overdue=true`))
            .body as ActionItemSummary[]
        ).map((i) => i.id);
      expect(await overdue()).toContain(late.body.id);
      expect(await overdue()).not.toContain(onTime.body.id);
      const mine = (
        await api().get(`${INCIDENT_ROUTES.actionItems}?ownerId=${adminId}&status=open`)
      ).body as ActionItemSummary[];
      expect(mine.map((i) => i.id)).toContain(late.body.id);
      expect(mine.every((i) => i.owner?.userId === adminId && i.status === 'open')).toBe(true);

      const done = await api()
        .patch(INCIDENT_ROUTES.actionItem(late.body.id))
        .send({ status: 'done' });
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'done', overdue: false });
      expect(await overdue()).not.toContain(late.body.id);

      const stranger = await api()
        .post(INCIDENT_ROUTES.incidentActionItems(incident.id))
        .send({ title: 'Nobody', ownerId: '00000000-0000-4000-8000-000000000001' });
      expect(stranger.status).toBe(400);
      expect(stranger.body.message).toBe('ownerId: not a member of this organisation');

      // The owner and the due date are emptied by naming them in clear ("" and null are refused).
      const owned = await api()
        .patch(INCIDENT_ROUTES.actionItem(onTime.body.id))
        .send({ ownerId: adminId });
      expect(owned.body).toMatchObject({ owner: { userId: adminId }, dueDate: tomorrow() });
      for (const [body, message] of [
        [
          { ownerId: '' },
          [
            'ownerId: the user id (UUID) of a member of this organisation; to remove it, name ownerId in clear instead of ""',
          ],
        ],
        [
          { dueDate: '' },
          ['dueDate: a day as YYYY-MM-DD; to remove it, name dueDate in clear instead of ""'],
        ],
        [{ dueDate: null }, 'dueDate must not be null'],
        [{ clear: ['title'] }, ['clear: distinct fields among ownerId, dueDate']],
        [{ dueDate: tomorrow(), clear: ['dueDate'] }, 'clear: dueDate is both given and cleared'],
      ] as const) {
        const refused = await api().patch(INCIDENT_ROUTES.actionItem(onTime.body.id)).send(body);
        expect({ body, status: refused.status, message: refused.body.message }).toEqual({
          body,
          status: 400,
          message,
        });
      }
      const noOwner = await api()
        .patch(INCIDENT_ROUTES.actionItem(onTime.body.id))
        .send({ clear: ['ownerId'] });
      expect(noOwner.status).toBe(200);
      expect(noOwner.body).toMatchObject({ owner: null, dueDate: tomorrow() });
      const cleared = await api()
        .patch(INCIDENT_ROUTES.actionItem(onTime.body.id))
        .send({ clear: ['dueDate'], title: 'Write the runbook' });
      expect(cleared.body).toMatchObject({
        owner: null,
        dueDate: null,
        title: 'Write the runbook',
      });
      const reread = (await api().get(INCIDENT_ROUTES.actionItems)).body as ActionItemSummary[];
      expect(reread.find((i) => i.id === onTime.body.id)).toMatchObject({
        owner: null,
        dueDate: null,
      });

      expect((await api().delete(INCIDENT_ROUTES.actionItem(onTime.body.id))).status).toBe(204);
      expect((await api().delete(INCIDENT_ROUTES.actionItem(onTime.body.id))).status).toBe(404);

      const post = (await api().get(INCIDENT_ROUTES.postmortem(incident.id)))
        .body as PostmortemDetail;
      expect(post.actionItems.map((i) => i.id)).toEqual([late.body.id]);
      const entries = (await timelineOf(incident.id)).filter((e) => e.kind === 'action_item');
      expect(entries.map((e) => e.summary)).toEqual([
        expect.stringMatching(/^Action item added: Add a pool alert/),
        expect.stringMatching(/^Action item added: Write a runbook/),
        expect.stringMatching(/^Action item done: Add a pool alert/),
        expect.stringMatching(/^Action item updated \(ownerId\): Write a runbook/),
        expect.stringMatching(/^Action item updated \(ownerId\): Write a runbook/),
        'Action item updated (title, dueDate): Write the runbook',
        'Action item deleted: Write the runbook',
      ]);
      expect(
        (
          await auditRows(t, {
            action: 'incident_action_item_created',
            target: `incident:${incident.id}`,
          })
        ).length,
      ).toBe(2);
    });

    it('answers 400 naming the field for bad input (never a 5xx)', async () => {
      const incident = await createIncident();
      const bad = await api()
        .post(INCIDENT_ROUTES.incidentActionItems(incident.id))
        .send({ title: '', dueDate: '2025-02-30' });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^title: /),
          expect.stringMatching(/^dueDate: /),
        ]),
      );
      const query = await api().get(`${INCIDENT_ROUTES.actionItems}?overdue=yes`);
      expect(query.status).toBe(400);
      expect(query.body.message).toEqual(['overdue: true or false']);
      const id = await api().patch(INCIDENT_ROUTES.actionItem('nope')).send({ status: 'done' });
      expect(id.status).toBe(400);
      expect(id.body.message).toBe('itemId must be a UUID');
    });
  });

  describe('MTTA / MTTR (GET /api/v1/incidents/stats)', () => {
    it('computes exact means per severity, service and month on fixed timestamps', async () => {
      const service = await api()
        .post(SERVICE_ROUTES.collection)
        .send({ name: unique('billing') });
      expect(service.status).toBe(201);
      const serviceId = service.body.id as string;
      // Fixed times in 1987 (no other test reports incidents then).
      const rows: [string, string | null, string | null, string, string | null][] = [
        [
          '1987-03-10T10:00:00Z',
          '1987-03-10T10:02:00Z',
          '1987-03-10T11:00:00Z',
          'critical',
          serviceId,
        ],
        [
          '1987-03-20T08:00:00Z',
          '1987-03-20T08:04:00Z',
          '1987-03-20T11:00:00Z',
          'critical',
          serviceId,
        ],
        ['1987-04-01T00:00:00Z', '1987-04-01T00:00:30Z', null, 'high', null],
        ['1987-04-30T23:59:59Z', null, '1987-05-01T00:09:59Z', 'low', null],
        ['1987-04-30T23:30:00-02:00', null, null, 'medium', serviceId],
      ];
      for (const [reported, acknowledged, resolved, severity, service] of rows) {
        const incident = await createIncident({
          severity,
          reportedAt: reported,
          ...(service ? { serviceId: service } : {}),
        });
        await queryDb(
          t,
          `UPDATE incident SET first_acknowledged_at = $2, first_resolved_at = $3 WHERE id = $1`,
          [incident.id, acknowledged, resolved],
        );
      }

      const res = await api().get(
        `${INCIDENT_ROUTES.stats}?from=1987-03-01T00:00:00Z&to=1987-06-01T00:00:00Z`,
      );
      expect(res.status).toBe(200);
      const stats = res.body as IncidentStats;
      expect(stats.total).toEqual({
        key: 'total',
        label: 'All incidents',
        count: 5,
        acknowledged: 3,
        resolved: 3,
        mttaSeconds: 130,
        mttrSeconds: 5000,
      });
      expect(stats.bySeverity.map((r) => [r.key, r.count, r.mttaSeconds, r.mttrSeconds])).toEqual([
        ['critical', 2, 180, 7200],
        ['high', 1, 30, null],
        ['medium', 1, null, null],
        ['low', 1, null, 600],
      ]);
      expect(stats.byService).toEqual([
        {
          key: serviceId,
          label: service.body.name,
          count: 3,
          acknowledged: 2,
          resolved: 2,
          mttaSeconds: 180,
          mttrSeconds: 7200,
        },
        {
          key: 'none',
          label: 'No service',
          count: 2,
          acknowledged: 1,
          resolved: 1,
          mttaSeconds: 30,
          mttrSeconds: 600,
        },
      ]);
      expect(stats.byMonth.map((r) => [r.key, r.count])).toEqual([
        ['1987-03', 2],
        ['1987-04', 2],
        ['1987-05', 1],
      ]);
    });

    it('is matched before /:id, and answers 400 naming a bad bound', async () => {
      const res = await api().get(INCIDENT_ROUTES.stats);
      expect(res.status).toBe(200);
      expect(res.body.byMonth).toHaveLength(12);
      const bad = await api().get(`${INCIDENT_ROUTES.stats}?from=yesterday`);
      expect(bad.status).toBe(400);
      expect(bad.body.message).toEqual([
        'from: an ISO 8601 date and time, e.g. 2026-03-01T09:30:00Z',
      ]);
      const reversed = await api().get(
        `${INCIDENT_ROUTES.stats}?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z`,
      );
      expect(reversed.status).toBe(400);
      expect(reversed.body.message).toBe('to: must be after from');
    });
  });

  describe('another organisation', () => {
    it("finds none of this organisation's records (404), counts none of its incidents", async () => {
      const incident = await createIncident();
      await move(incident.id, 'resolve');
      const { body: attachment } = await upload(incident.id, png(), 'private.png');
      const { body: item } = await api()
        .post(INCIDENT_ROUTES.incidentActionItems(incident.id))
        .send({ title: unique('Private follow-up') });
      const member = await createUser(t, admin, ['viewer']);

      const created = await api()
        .post(ORGANIZATION_ROUTES.platformOrganizations)
        .send({ name: 'Records B', slug: unique('records-b').toLowerCase() });
      expect(created.status).toBe(201);
      const switched = await api()
        .post(ORGANIZATION_ROUTES.switch)
        .send({ organizationId: created.body.id });
      expect(switched.status).toBe(200);
      const tokenB = (switched.body as TokenPair).accessToken;
      // Switching ended the admin's session in this organisation: sign in again (lands here).
      admin = await adminToken(t);
      const asB = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string) =>
        request(t.url)[method](path).set('Authorization', `Bearer ${tokenB}`);

      expect((await asB('get', INCIDENT_ROUTES.attachments(incident.id))).status).toBe(404);
      expect(
        (await asB('get', INCIDENT_ROUTES.attachment(incident.id, attachment.id))).status,
      ).toBe(404);
      expect(
        (await asB('post', INCIDENT_ROUTES.attachments(incident.id)).attach('file', png(), 'x.png'))
          .status,
      ).toBe(404);
      expect(
        (await asB('delete', INCIDENT_ROUTES.attachment(incident.id, attachment.id))).status,
      ).toBe(404);
      expect((await asB('get', INCIDENT_ROUTES.exportMarkdown(incident.id))).status).toBe(404);
      expect((await asB('get', INCIDENT_ROUTES.exportPdf(incident.id))).status).toBe(404);
      expect((await asB('get', INCIDENT_ROUTES.postmortem(incident.id))).status).toBe(404);
      expect(
        (
          await asB('put', INCIDENT_ROUTES.postmortem(incident.id)).send({
            summary: 'taken over',
            rootCause: '',
            impact: '',
            timeline: [],
            wentWell: '',
            wentBadly: '',
            status: 'draft',
            version: 0,
          })
        ).status,
      ).toBe(404);
      expect(
        (await asB('patch', INCIDENT_ROUTES.actionItem(item.id)).send({ status: 'done' })).status,
      ).toBe(404);
      expect((await asB('get', INCIDENT_ROUTES.actionItems)).body).toEqual([]);
      const stats = await asB('get', INCIDENT_ROUTES.stats);
      expect(stats.body.total.count).toBe(0);

      // A member of this organisation is not one of B's: not an owner there.
      const own = await asB('post', INCIDENT_ROUTES.collection).send({
        title: 'B incident',
        severity: 'low',
      });
      expect(own.status).toBe(201);
      const foreignOwner = await asB('post', INCIDENT_ROUTES.incidentActionItems(own.body.id)).send(
        { title: 'Follow-up', ownerId: member.id },
      );
      expect(foreignOwner.status).toBe(400);
      expect(foreignOwner.body.message).toBe('ownerId: not a member of this organisation');

      // Nothing of A changed.
      expect((await api().get(INCIDENT_ROUTES.attachments(incident.id))).body).toHaveLength(1);
      expect((await api().get(INCIDENT_ROUTES.postmortem(incident.id))).body.version).toBe(0);
      const items = (await api().get(INCIDENT_ROUTES.actionItems)).body as ActionItemSummary[];
      expect(items.find((i) => i.id === item.id)?.status).toBe('open');
    });
  });
});
