import { randomUUID } from 'node:crypto';

import { RequestContext, UnitOfWork } from '@hyperion/api/core';
import { IncidentCounters, IncidentService } from '@hyperion/api/incidents';
import type {
  IncidentDetail,
  IncidentListResponse,
  IncidentPerson,
  IncidentsChangedEvent,
  IncidentSheetFields,
  IncidentSummary,
  IncidentTimelineEntry,
  TokenPair,
} from '@hyperion/contracts';
import {
  AUTH_ROUTES,
  INCIDENT_ROUTES,
  ORGANIZATION_ROUTES,
  SERVICE_ROUTES,
} from '@hyperion/contracts';

import { auditRows, createUser, unique } from './auth-helpers';
import {
  adminToken,
  bearer,
  connectClient,
  loginAs,
  queryDb,
  startTestApp,
  TestApp,
} from './test-app';

/**
 * Incidents over HTTP on the real app: the anomaly sheet read back unchanged, its checks against
 * the organisation, filters and full-text search in English and French, keyset pages that
 * neither repeat nor skip while incidents are being created, optimistic concurrency, the
 * lifecycle (409 naming the allowed moves), roles and the timeline, permissions, isolation
 * between organisations and the live event. Each part works in an organisation of its own.
 */
describe('incidents API', () => {
  let t: TestApp;
  /** The seeded admin acting in organisation A / B / the list's / the pages'. */
  let admin: string;
  let orgA: string;
  let adminB: string;
  let adminList: string;
  let adminPages: string;
  let alice: { id: string; username: string; token: string };
  let operator: { id: string; username: string; token: string };
  let viewer: { id: string; username: string; token: string };
  let serviceId: string;

  const api = (token: string) => bearer(t, token);

  /** A new organisation, and the seeded admin's token acting in it. */
  async function organisation(name: string): Promise<{ id: string; token: string }> {
    const token = await adminToken(t);
    const created = await api(token).post(ORGANIZATION_ROUTES.platformOrganizations, {
      name,
      slug: unique('inc').toLowerCase(),
    });
    expect(created.status).toBe(201);
    const switched = await api(token).post(ORGANIZATION_ROUTES.switch, {
      organizationId: created.body.id,
    });
    expect(switched.status).toBe(200);
    return { id: created.body.id, token: (switched.body as TokenPair).accessToken };
  }

  async function member(roles: string[]) {
    const user = await createUser(t, admin, roles);
    return {
      id: user.id,
      username: user.username,
      token: (await loginAs(t, user.username, user.password)).accessToken,
    };
  }

  const create = async (token: string, body: object): Promise<IncidentDetail> => {
    const res = await api(token).post(INCIDENT_ROUTES.collection, body);
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    return res.body as IncidentDetail;
  };

  /**
   * The timeline without the contacts' line: the contacts job writes it after the creation
   * commits, at a moment of its own (incidents-from-alerts.spec.ts tests it).
   */
  const timeline = async (token: string, id: string) =>
    (
      (await api(token).get(INCIDENT_ROUTES.timeline(id)).expect(200))
        .body as IncidentTimelineEntry[]
    ).filter((e) => e.kind !== 'notification_sent');

  /** The sheet's fields as the API answers them. */
  const fieldsOf = (d: IncidentDetail): IncidentSheetFields => ({
    title: d.title,
    severity: d.severity,
    reportedAt: d.reportedAt,
    reportedBy: d.reportedBy,
    module: d.module,
    errorType: d.errorType,
    errorTypeOther: d.errorTypeOther,
    description: d.description,
    reproductionSteps: d.reproductionSteps,
    expectedBehaviour: d.expectedBehaviour,
    observedBehaviour: d.observedBehaviour,
    environment: d.environment,
    technicalLogs: d.technicalLogs,
    analysis: d.analysis,
    proposedSolution: d.proposedSolution,
    serviceId: d.serviceId,
    assigneeId: d.assignee?.userId ?? null,
    commanderId: d.commander?.userId ?? null,
    communicationsLeadId: d.communicationsLead?.userId ?? null,
    responderIds: d.responders.map((p) => p.userId),
  });

  const fullSheet = (): IncidentSheetFields => ({
    title: 'Les sessions sont perdues après la mise à jour',
    severity: 'high',
    reportedAt: '2026-03-01T09:30:00.000Z',
    reportedBy: { kind: 'user', userId: alice.id, name: 'Alice (support)' },
    module: 'Authentication',
    errorType: 'other',
    errorTypeOther: 'Session perdue',
    description: 'Après la mise à jour 1.4.0, les utilisateurs sont déconnectés.\nLigne 2.',
    reproductionSteps: [
      { action: 'Se connecter', endpoint: 'POST /api/v1/auth/login', parameters: 'user=alice' },
      { action: 'Ouvrir le tableau de bord', endpoint: 'GET /dashboard', parameters: 'tab=1' },
    ],
    expectedBehaviour: 'La session reste ouverte',
    observedBehaviour: 'Retour à la page de connexion',
    environment: {
      os: 'Linux',
      browser: 'Firefox',
      browserVersion: '128.0',
      versions: [
        { name: 'Hyperion', version: '1.4.0' },
        { name: 'PostgreSQL', version: '16.3' },
      ],
    },
    technicalLogs: {
      auditLogId: '4821',
      traceback: 'Error: session expired\n    at refresh (auth.ts:42)',
      ipAddress: '2001:db8::7',
      timestamp: '2026-03-01T09:29:58.120Z',
    },
    analysis: {
      failingComponent: 'Refresh tokens',
      probableCause: 'Cookie path changed',
      userImpact: 'Tous les utilisateurs',
    },
    proposedSolution: {
      codeFix: 'Restore the cookie path',
      dbMigration: 'None',
      servicesToRestart: ['API', 'Redis'],
    },
    serviceId,
    assigneeId: alice.id,
    commanderId: operator.id,
    communicationsLeadId: viewer.id,
    responderIds: [operator.id, alice.id],
  });

  beforeAll(async () => {
    t = await startTestApp();
    const a = await organisation('Incidents A');
    orgA = a.id;
    admin = a.token;
    adminB = (await organisation('Incidents B')).token;
    adminList = (await organisation('Incidents list')).token;
    adminPages = (await organisation('Incidents pages')).token;
    alice = await member(['operator']);
    operator = await member(['operator']);
    viewer = await member(['viewer']);
    const service = await api(admin).post(SERVICE_ROUTES.collection, { name: unique('checkout') });
    expect(service.status).toBe(201);
    serviceId = service.body.id;
  });

  afterAll(() => t?.close());

  it('creates an incident with every field of the sheet and reads each back unchanged', async () => {
    const sheet = fullSheet();
    const created = await create(admin, sheet);
    expect(fieldsOf(created)).toEqual(sheet);
    const read = (await api(admin).get(INCIDENT_ROUTES.item(created.id)).expect(200))
      .body as IncidentDetail;
    expect(fieldsOf(read)).toEqual(sheet);
    expect(read).toMatchObject({
      number: 1,
      status: 'open',
      version: 1,
      serviceName: expect.stringMatching(/^checkout-/),
      assignee: { userId: alice.id, name: alice.username },
      commander: { userId: operator.id, name: operator.username },
      responders: [
        { userId: operator.id, name: operator.username },
        { userId: alice.id, name: alice.username },
      ],
      allowedActions: ['acknowledge', 'start', 'resolve'],
      phases: { detection: { at: sheet.reportedAt } },
      testChecklist: { unit: { done: false, at: null, by: null } },
      alerts: [],
      attachments: [],
      hasPostmortem: false,
    });
    expect((await timeline(admin, created.id)).map((e) => e.kind)).toEqual(['created']);
    const audit = await auditRows(t, {
      action: 'incident_created',
      target: `incident:${created.id}`,
    });
    expect(audit).toHaveLength(1);

    // The next one is #2; what is left out is empty, and the caller reported it.
    const second = await create(admin, { title: 'Second', severity: 'low' });
    expect(second).toMatchObject({
      number: 2,
      module: null,
      description: '',
      reproductionSteps: [],
      reportedBy: { kind: 'admin', name: 'admin' },
      environment: { os: null, browser: null, browserVersion: null, versions: [] },
      proposedSolution: { codeFix: null, dbMigration: null, servicesToRestart: [] },
    });

    // PUT: the whole sheet; what is left out is cleared (reportedAt and reportedBy kept).
    const replaced = await api(admin).put(INCIDENT_ROUTES.item(created.id), {
      title: 'Sessions lost',
      severity: 'critical',
      version: 1,
    });
    expect(replaced.status).toBe(200);
    expect(fieldsOf(replaced.body)).toEqual({
      ...fieldsOf(second),
      title: 'Sessions lost',
      severity: 'critical',
      reportedAt: sheet.reportedAt,
      reportedBy: sheet.reportedBy,
    });
    expect(replaced.body.version).toBe(2);
  });

  it('checks the sheet against the organisation: its modules, services and members', async () => {
    const base = { title: 'Checked', severity: 'medium' };
    const bad = async (body: object, message: string | RegExp) => {
      const res = await api(admin).post(INCIDENT_ROUTES.collection, { ...base, ...body });
      expect({ status: res.status, message: [res.body.message].flat().join('\n') }).toEqual({
        status: 400,
        message: expect.stringMatching(message),
      });
    };
    await bad({ module: 'Billing' }, /^module: "Billing" is not one of the organisation's modules/);
    await bad({ serviceId: randomUUID() }, /^serviceId: no service .* in this organisation$/);
    await bad(
      { assigneeId: randomUUID() },
      /^assigneeId: .* is not a member of this organisation$/,
    );
    await bad(
      { responderIds: [alice.id, randomUUID()] },
      /^responderIds\.1: .* is not a member of this organisation$/,
    );
    await bad({ errorType: 'other' }, /^errorTypeOther: /);
    // 3,000 bad steps: a bounded list of problems, still in the error envelope.
    const many = await api(admin).post(INCIDENT_ROUTES.collection, {
      ...base,
      reproductionSteps: new Array(3000).fill(1),
    });
    expect(many.status).toBe(400);
    expect(many.body.message).toEqual([
      'reproductionSteps.*: each of the steps { action, endpoint, parameters } must be an object',
    ]);
    // A list of distinct problems is cut at 20.
    const steps = await api(admin).post(INCIDENT_ROUTES.collection, {
      ...base,
      reproductionSteps: Array.from({ length: 30 }, () => ({ action: '' })),
    });
    expect(steps.body.message).toHaveLength(21);
    expect(steps.body.message[0]).toBe('reproductionSteps.0.action: 1 to 2000 characters');
    expect(steps.body.message[20]).toBe('… and 10 more problems');
    expect(many.body.correlationId).toEqual(expect.any(String));

    // A module of the organisation's own list.
    const settings = await api(admin).put(INCIDENT_ROUTES.settings, {
      modules: ['API', 'Billing'],
    });
    expect(settings.status).toBe(200);
    expect(settings.body.modules).toEqual(['API', 'Billing']);
    expect((await api(admin).get(INCIDENT_ROUTES.settings).expect(200)).body).toMatchObject({
      modules: ['API', 'Billing'],
      openFromAlertSeverities: ['critical'],
      resolveAlertsOnResolve: true,
      contacts: {
        critical: { label: 'CTO + Lead Dev + DevOps', channelKinds: ['email', 'slack'] },
      },
    });
    expect(
      await auditRows(t, {
        action: 'incident_settings_updated',
        target: `incident_settings:${orgA}`,
      }),
    ).toHaveLength(1);
    expect((await create(admin, { ...base, module: 'Billing' })).module).toBe('Billing');
    await bad({ module: 'Authentication' }, /^module: "Authentication" is not one/);
  });

  it('changes only what a PATCH gives, clears what it names, and tells roles apart on the timeline', async () => {
    const incident = await create(admin, { title: 'Roles', severity: 'high' });
    const patched = await api(admin).patch(INCIDENT_ROUTES.item(incident.id), {
      version: 1,
      assigneeId: alice.id,
      responderIds: [operator.id],
      description: 'Now described',
      severity: 'critical',
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      version: 2,
      title: 'Roles',
      severity: 'critical',
      description: 'Now described',
      assignee: { userId: alice.id },
    });
    const cleared = await api(admin).patch(INCIDENT_ROUTES.item(incident.id), {
      version: 2,
      clear: ['assigneeId'],
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.assignee).toBeNull();
    const lines = (await timeline(admin, incident.id)).map((e) => [e.kind, e.summary]);
    expect(lines).toEqual([
      ['created', 'Incident #' + incident.number + ' created: Roles'],
      ['role_changed', `Assignee: nobody → ${alice.username}`],
      ['role_changed', `Responders: added ${operator.username}`],
      ['updated', 'Updated: severity, description (severity high → critical)'],
      ['role_changed', `Assignee: ${alice.username} → nobody`],
    ]);
    // A field both given and cleared is refused, naming it.
    const both = await api(admin).patch(INCIDENT_ROUTES.item(incident.id), {
      version: 3,
      assigneeId: alice.id,
      clear: ['assigneeId'],
    });
    expect({ status: both.status, message: both.body.message }).toEqual({
      status: 400,
      message: 'clear: assigneeId is both given and cleared',
    });
    // A PATCH that changes nothing writes nothing.
    const same = await api(admin).patch(INCIDENT_ROUTES.item(incident.id), {
      version: 3,
      title: 'Roles',
    });
    expect(same.body.version).toBe(3);
    expect(
      await auditRows(t, { action: 'incident_updated', target: `incident:${incident.id}` }),
    ).toHaveLength(2);
  });

  it('answers exactly one of 20 concurrent PATCHes of one version, and 409 to the other 19', async () => {
    const incident = await create(admin, { title: 'Race', severity: 'medium' });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api(admin).patch(INCIDENT_ROUTES.item(incident.id), { version: 1, title: `Race ${i}` }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, ...new Array(19).fill(409)]);
    const winner = answers.find((a) => a.status === 200);
    const loser = answers.find((a) => a.status === 409);
    expect(loser?.body.message).toMatch(/^version: the incident changed since you read it/);
    const read = (await api(admin).get(INCIDENT_ROUTES.item(incident.id)).expect(200)).body;
    expect(read).toMatchObject({ version: 2, title: winner?.body.title });
    expect((await timeline(admin, incident.id)).filter((e) => e.kind === 'updated')).toHaveLength(
      1,
    );
    expect(
      await auditRows(t, { action: 'incident_updated', target: `incident:${incident.id}` }),
    ).toHaveLength(1);
    // A stale version on PUT and on a move, too.
    expect(
      (
        await api(admin).put(INCIDENT_ROUTES.item(incident.id), {
          title: 'x',
          severity: 'low',
          version: 1,
        })
      ).status,
    ).toBe(409);
    expect(
      (await api(admin).post(INCIDENT_ROUTES.action(incident.id, 'acknowledge'), { version: 1 }))
        .status,
    ).toBe(409);
  });

  it('moves through the lifecycle stamping each move, and answers 409 naming the allowed moves', async () => {
    const counters = t.app.get(IncidentCounters);
    const before = counters.snapshot();
    const incident = await create(operator.token, { title: 'Lifecycle', severity: 'critical' });
    expect(incident.reportedBy).toEqual({
      kind: 'user',
      userId: operator.id,
      name: operator.username,
    });
    const move = (action: Parameters<typeof INCIDENT_ROUTES.action>[1], body: object = {}) =>
      api(operator.token).post(INCIDENT_ROUTES.action(incident.id, action), body);

    const acknowledged = await move('acknowledge', { note: 'On it', version: 1 });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({
      status: 'acknowledged',
      version: 2,
      acknowledgedAt: expect.any(String),
      acknowledgedBy: { type: 'user', userId: operator.id, name: operator.username },
      allowedActions: ['start', 'resolve'],
      phases: { evaluation: { by: { userId: operator.id } } },
    });
    expect((await move('start')).body).toMatchObject({
      status: 'in_progress',
      startedBy: { userId: operator.id },
    });
    const resolved = (await move('resolve')).body as IncidentDetail;
    expect(resolved).toMatchObject({ status: 'resolved', allowedActions: ['close', 'reopen'] });
    expect(resolved.phases.resolution?.at).toBe(resolved.resolvedAt);
    expect((await move('close')).body).toMatchObject({
      status: 'closed',
      closedAt: expect.any(String),
    });

    const illegal = await move('resolve');
    expect(illegal.status).toBe(409);
    expect(illegal.body).toMatchObject({
      message: 'Cannot resolve a closed incident; allowed: reopen',
      allowed: ['reopen'],
    });
    const reopened = (await move('reopen')).body as IncidentDetail;
    expect(reopened).toMatchObject({
      status: 'open',
      reopenCount: 1,
      reopenedAt: expect.any(String),
    });
    // MTTA / MTTR keep the first acknowledgement and resolution.
    const [firsts] = await queryDb<{ ack: Date; res: Date }>(
      t,
      `SELECT first_acknowledged_at AS ack, first_resolved_at AS res FROM incident WHERE id = $1`,
      [incident.id],
    );
    expect(firsts.ack.toISOString()).toBe(acknowledged.body.acknowledgedAt);
    expect(firsts.res.toISOString()).toBe(resolved.resolvedAt);
    expect((await move('acknowledge')).status).toBe(200);

    const lines = await timeline(operator.token, incident.id);
    expect(lines.filter((e) => e.kind === 'status_changed').map((e) => e.summary)).toEqual([
      'Status: Open → Acknowledged',
      'Status: Acknowledged → In progress',
      'Status: In progress → Resolved',
      'Status: Resolved → Closed',
      'Status: Closed → Open',
      'Status: Open → Acknowledged',
    ]);
    expect(lines.find((e) => e.kind === 'status_changed')?.body).toBe('On it');
    for (const action of ['acknowledged', 'started', 'resolved', 'closed', 'reopened']) {
      expect(
        await auditRows(t, { action: `incident_${action}`, target: `incident:${incident.id}` }),
      ).not.toHaveLength(0);
    }
    // Counted after commit: one created, one first acknowledgement (the second is no first).
    const after = counters.snapshot();
    expect(after.total - before.total).toBe(1);
    expect(after.bySeverity.critical - before.bySeverity.critical).toBe(1);
    expect(after.responseTime.count - before.responseTime.count).toBe(1);
  });

  it('resolves the incident’s open alerts with it, unless told not to', async () => {
    const alertOf = async () => {
      const dedup = unique('disk-full');
      const [row] = await queryDb<{ id: string }>(
        t,
        `INSERT INTO alert (organization_id, service_id, dedup_key, summary, source, severity, urgency,
                            event_type, state, labels, annotations, custom_details, links, origin,
                            occurrences, first_seen_at, last_seen_at, changed_at)
         VALUES ($1, $2, $3, 'Disk full on db-1', 'db-1', 'critical', 'high', 'trigger', 'triggered',
                 '{}', '{}', '{}', '[]', 'console', 1, now(), now(), now())
         RETURNING id`,
        [orgA, serviceId, dedup],
      );
      return row.id;
    };
    const link = (incidentId: string, alertId: string) =>
      RequestContext.run({ organizationId: orgA }, () =>
        t.app
          .get(UnitOfWork)
          .run((tx) => t.app.get(IncidentService).linkAlerts(tx, incidentId, [alertId])),
      );
    const state = async (id: string) =>
      (await queryDb<{ state: string }>(t, `SELECT state FROM alert WHERE id = $1`, [id]))[0].state;

    const withAlert = await create(admin, { title: 'Disk full', severity: 'critical' });
    const alertId = await alertOf();
    expect(await link(withAlert.id, alertId)).toEqual([alertId]);
    expect(await link(withAlert.id, alertId)).toEqual([]);
    const detail = (await api(admin).get(INCIDENT_ROUTES.item(withAlert.id)).expect(200)).body;
    expect(detail).toMatchObject({
      alertCount: 1,
      alerts: [{ alertId, summary: 'Disk full on db-1', state: 'triggered', severity: 'critical' }],
    });
    await api(admin).post(INCIDENT_ROUTES.action(withAlert.id, 'resolve')).expect(200);
    expect(await state(alertId)).toBe('resolved');
    const lines = await timeline(admin, withAlert.id);
    expect(lines.map((e) => e.kind)).toEqual([
      'created',
      'alert_linked',
      'status_changed',
      'alert_resolved',
    ]);
    expect(lines[3].details).toEqual({ alertIds: [alertId] });

    const keepAlert = await create(admin, { title: 'Disk full again', severity: 'critical' });
    const kept = await alertOf();
    await link(keepAlert.id, kept);
    await api(admin)
      .post(INCIDENT_ROUTES.action(keepAlert.id, 'resolve'), { resolveAlerts: false })
      .expect(200);
    expect(await state(kept)).toBe('triggered');
  });

  it('ticks the checklist, stamps phases, and keeps comments, notes and pins in order', async () => {
    const incident = await create(alice.token, { title: 'Timeline', severity: 'low' });
    const ticked = await api(alice.token)
      .post(INCIDENT_ROUTES.checklist(incident.id, 'unit'), { done: true })
      .expect(200);
    expect(ticked.body.testChecklist.unit).toEqual({
      done: true,
      at: expect.any(String),
      by: { userId: alice.id, name: alice.username },
    });
    const stamped = await api(alice.token)
      .post(INCIDENT_ROUTES.phase(incident.id, 'containment'), { at: '2026-03-02T10:00:00.000Z' })
      .expect(200);
    expect(stamped.body.phases.containment).toEqual({
      at: '2026-03-02T10:00:00.000Z',
      by: { type: 'user', userId: alice.id, name: alice.username },
    });
    const comment = await api(alice.token)
      .post(INCIDENT_ROUTES.comments(incident.id), { body: 'Looking at the logs' })
      .expect(201);
    const note = await api(alice.token)
      .post(INCIDENT_ROUTES.notes(incident.id), {
        body: 'Customer called',
        at: '2026-03-01T08:00:00.000Z',
      })
      .expect(201);
    const pinned = await api(alice.token)
      .put(INCIDENT_ROUTES.pin(incident.id, comment.body.id), { pinned: true })
      .expect(200);
    expect(pinned.body).toMatchObject({ id: comment.body.id, pinned: true });
    const lines = await timeline(alice.token, incident.id);
    expect(lines.map((e) => e.kind)).toEqual([
      'note',
      'phase_reached',
      'created',
      'checklist',
      'comment',
    ]);
    expect(lines[0]).toMatchObject({
      id: note.body.id,
      body: 'Customer called',
      at: '2026-03-01T08:00:00.000Z',
    });
    expect(lines[4]).toMatchObject({
      body: 'Looking at the logs',
      pinned: true,
      actor: { userId: alice.id },
    });
    // Another incident's entry, a bad item or phase: 404 / 400 naming the parameter.
    const other = await create(alice.token, { title: 'Other', severity: 'low' });
    expect(
      (await api(alice.token).put(INCIDENT_ROUTES.pin(other.id, comment.body.id), { pinned: true }))
        .status,
    ).toBe(404);
    const badItem = await api(alice.token).post(
      `${INCIDENT_ROUTES.item(incident.id)}/checklist/lint`,
      { done: true },
    );
    expect(badItem.body).toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(/^item: one of unit, /),
    });
    const badId = await api(alice.token).get(`${INCIDENT_ROUTES.collection}/not-an-id`);
    expect(badId.body).toMatchObject({ statusCode: 400, message: 'id must be a UUID' });
  });

  it('filters by status, severity, module, service, assignee and dates, and sorts', async () => {
    const token = adminList;
    const service = await api(token).post(SERVICE_ROUTES.collection, { name: unique('search') });
    const me = (await api(token).get(AUTH_ROUTES.me).expect(200)).body.id as string;
    const make = (title: string, body: object) => create(token, { title, ...body });
    const one = await make('Panne du module SSH', {
      severity: 'critical',
      module: 'SSH',
      reportedAt: '2026-01-10T10:00:00.000Z',
      description: 'Les clés des serveurs ont été supprimées par le script de rotation',
    });
    const two = await make('Dashboard slow', {
      severity: 'medium',
      module: 'Dashboard',
      reportedAt: '2026-01-20T10:00:00.000Z',
      serviceId: service.body.id,
      observedBehaviour: 'The nightly backups keep failing',
    });
    const three = await make('Login refused', {
      severity: 'high',
      module: 'Authentication',
      reportedAt: '2026-02-05T10:00:00.000Z',
      assigneeId: me,
    });
    const four = await make('Low disk', {
      severity: 'low',
      reportedAt: '2026-02-15T10:00:00.000Z',
    });
    await api(token).post(INCIDENT_ROUTES.action(three.id, 'resolve')).expect(200);

    const ids = async (query: string) => {
      const res = await api(token).get(`${INCIDENT_ROUTES.collection}?${query}`);
      expect(res.status).toBe(200);
      return (res.body.items as IncidentSummary[]).map((i) => i.id);
    };
    expect(await ids('')).toEqual([four.id, three.id, two.id, one.id]);
    expect(await ids('sort=oldest')).toEqual([one.id, two.id, three.id, four.id]);
    expect(await ids('sort=severity')).toEqual([one.id, three.id, two.id, four.id]);
    expect((await ids('sort=updated'))[0]).toBe(three.id);
    expect(await ids('status=resolved')).toEqual([three.id]);
    expect(await ids('status=open,acknowledged')).toEqual([four.id, two.id, one.id]);
    expect(await ids('severity=critical,high')).toEqual([three.id, one.id]);
    expect(await ids('module=SSH')).toEqual([one.id]);
    expect(await ids(`serviceId=${service.body.id}`)).toEqual([two.id]);
    expect(await ids(`assigneeId=${me}`)).toEqual([three.id]);
    expect(await ids('from=2026-01-20T10:00:00Z&to=2026-02-15T10:00:00Z')).toEqual([
      three.id,
      two.id,
    ]);
    // Full text, French and English stemming: an inflected word finds its kin.
    expect(await ids(`q=${encodeURIComponent('supprimer')}`)).toEqual([one.id]);
    expect(await ids(`q=${encodeURIComponent('backup failed')}`)).toEqual([two.id]);
    expect(await ids(`q=${encodeURIComponent('panne')}&severity=critical`)).toEqual([one.id]);
    expect(await ids('q=kubernetes')).toEqual([]);

    const bad = async (query: string, message: RegExp) => {
      const res = await api(token).get(`${INCIDENT_ROUTES.collection}?${query}`);
      expect({ status: res.status, message: [res.body.message].flat().join('\n') }).toEqual({
        status: 400,
        message: expect.stringMatching(message),
      });
    };
    await bad('status=sleeping', /^status: comma-separated among /);
    await bad('limit=500', /^limit must be an integer between 1 and 100/);
    // Not a number at all: named once, not once per rule it breaks.
    await bad('limit=x', /^limit must be an integer between 1 and 100$/);
    await bad('limit=2.5', /^limit must be an integer between 1 and 100$/);
    await bad('cursor=abc', /^cursor: not a cursor of this list/);
    await bad('unknown=1', /property unknown should not exist/);
  });

  it('pages with a keyset cursor that neither repeats nor skips while 50 incidents are created', async () => {
    const token = adminPages;
    const existing: string[] = [];
    for (let i = 0; i < 30; i++) {
      const at = new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString();
      existing.push(
        (await create(token, { title: `Existing ${i}`, severity: 'medium', reportedAt: at })).id,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let inserted = 0;
    let pages = 0;
    do {
      const page = cursor ? `limit=7&cursor=${cursor}` : 'limit=7';
      const res: { body: IncidentListResponse } = await api(token)
        .get(`${INCIDENT_ROUTES.collection}?${page}`)
        .expect(200);
      seen.push(...res.body.items.map((i) => i.id));
      cursor = res.body.nextCursor;
      pages++;
      // Between pages, incidents arrive concurrently: new ones, and some reported in the past.
      if (inserted < 50) {
        await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            create(token, {
              title: `Arrived ${inserted + i}`,
              severity: 'high',
              ...(i % 2
                ? {
                    reportedAt: new Date(Date.UTC(2026, 0, 1, 5) + i * 3_600_000 + 1).toISOString(),
                  }
                : {}),
            }),
          ),
        );
        inserted += 10;
      }
    } while (cursor && pages < 50);
    expect(inserted).toBe(50);
    expect(new Set(seen).size).toBe(seen.length);
    expect(existing.filter((id) => !seen.includes(id))).toEqual([]);
    const total = await queryDb<{ n: number }>(
      t,
      `SELECT count(*)::int AS n FROM incident WHERE organization_id =
         (SELECT organization_id FROM incident WHERE id = $1)`,
      [existing[0]],
    );
    expect(total[0].n).toBe(80);
  });

  it('lets a viewer read but not write (403), and hides incidents of another organisation (404)', async () => {
    const incident = await create(admin, { title: 'Guarded', severity: 'medium' });
    const as = api(viewer.token);
    await as.get(INCIDENT_ROUTES.item(incident.id)).expect(200);
    await as.get(INCIDENT_ROUTES.timeline(incident.id)).expect(200);
    for (const res of [
      await as.post(INCIDENT_ROUTES.collection, { title: 'No', severity: 'low' }),
      await as.patch(INCIDENT_ROUTES.item(incident.id), { version: 1, title: 'No' }),
      await as.put(INCIDENT_ROUTES.item(incident.id), { version: 1, title: 'No', severity: 'low' }),
      await as.post(INCIDENT_ROUTES.action(incident.id, 'acknowledge')),
      await as.post(INCIDENT_ROUTES.comments(incident.id), { body: 'No' }),
      await as.post(INCIDENT_ROUTES.checklist(incident.id, 'unit'), { done: true }),
      await as.put(INCIDENT_ROUTES.settings, { resolveAlertsOnResolve: false }),
    ]) {
      expect(res.status).toBe(403);
    }
    const other = api(adminB);
    for (const res of [
      await other.get(INCIDENT_ROUTES.item(incident.id)),
      await other.get(INCIDENT_ROUTES.timeline(incident.id)),
      await other.patch(INCIDENT_ROUTES.item(incident.id), { version: 1, title: 'Taken' }),
      await other.post(INCIDENT_ROUTES.action(incident.id, 'resolve')),
      await other.post(INCIDENT_ROUTES.comments(incident.id), { body: 'Hello' }),
      await other.post(INCIDENT_ROUTES.phase(incident.id, 'recovery'), {}),
    ]) {
      expect(res.status).toBe(404);
    }
    const listB = await other.get(INCIDENT_ROUTES.collection).expect(200);
    expect(listB.body.items.map((i: IncidentSummary) => i.id)).not.toContain(incident.id);
    // A search from the other organisation finds nothing of this one (the search function reads
    // the index as the owner, scoped to the transaction's organisation).
    const word = `zebracorn${Date.now()}`;
    const secret = await create(admin, { title: `Secret ${word}`, severity: 'low' });
    const found = (q: string, as: ReturnType<typeof api>) =>
      as
        .get(`${INCIDENT_ROUTES.collection}?q=${q}`)
        .expect(200)
        .then((r) => r.body.items.map((i: IncidentSummary) => i.id));
    expect(await found(word, api(admin))).toEqual([secret.id]);
    expect(await found(word, other)).toEqual([]);
    const after = (await api(admin).get(INCIDENT_ROUTES.item(incident.id)).expect(200)).body;
    expect(after).toMatchObject({ title: 'Guarded', status: 'open', version: 1 });
    expect((await timeline(admin, incident.id)).map((e) => e.kind)).toEqual(['created']);
  });

  it('pushes incidents:changed to members who may read incidents, and to no one else', async () => {
    const roleName = unique('no-incidents').toLowerCase();
    await api(admin)
      .post(AUTH_ROUTES.roles, { name: roleName, permissions: ['alerts:read'] })
      .expect(201);
    const blind = await member([roleName]);
    const received: IncidentsChangedEvent[] = [];
    const missed: IncidentsChangedEvent[] = [];
    const reader = await connectClient(
      t.url,
      (s) => s.on('incidents:changed', (e) => received.push(e)),
      viewer.token,
    );
    const outsider = await connectClient(
      t.url,
      (s) => s.on('incidents:changed', (e) => missed.push(e)),
      blind.token,
    );
    try {
      const incident = await create(admin, { title: 'Live', severity: 'high' });
      await api(admin).post(INCIDENT_ROUTES.action(incident.id, 'acknowledge')).expect(200);
      const deadline = Date.now() + 5000;
      while (
        received.filter((e) => e.incident.id === incident.id).length < 2 &&
        Date.now() < deadline
      ) {
        await new Promise((r) => setTimeout(r, 25));
      }
      // Each change as it happened (the contacts job may add its own event in between).
      const statuses = received
        .filter((e) => e.incident.id === incident.id)
        .map((e) => e.incident.status);
      expect(statuses.filter((s, i) => s !== statuses[i - 1])).toEqual(['open', 'acknowledged']);
      await new Promise((r) => setTimeout(r, 300));
      expect(missed).toEqual([]);
    } finally {
      reader.disconnect();
      outsider.disconnect();
    }
  });

  it('lists the organisation’s active members for the pickers to anyone who reads incidents', async () => {
    const members = async (token: string, query = '') => {
      const res = await api(token).get(`${INCIDENT_ROUTES.members}${query}`);
      expect({ status: res.status, body: res.body }).toMatchObject({ status: 200 });
      return res.body as IncidentPerson[];
    };
    const outsider = await createUser(t, adminB, ['viewer']);
    const leaver = await member(['operator']);
    await api(admin).patch(`${AUTH_ROUTES.users}/${leaver.id}`, { status: 'disabled' }).expect(200);

    // A viewer (incidents:read, not users:admin) gets them, by name, as { userId, name }.
    const listed = await members(viewer.token);
    for (const person of [alice, operator, viewer]) {
      expect(listed).toContainEqual({ userId: person.id, name: person.username });
    }
    const names = listed.map((p) => p.name ?? '');
    expect(names).toEqual([...names].sort());
    // Neither a member of another organisation nor a disabled account.
    expect(listed.map((p) => p.userId)).not.toContain(outsider.id);
    expect(listed.map((p) => p.userId)).not.toContain(leaver.id);
    expect((await members(adminB)).map((p) => p.userId)).toContain(outsider.id);
    expect((await members(adminB)).map((p) => p.userId)).not.toContain(alice.id);

    // q: the start of a username, in any case.
    expect(await members(viewer.token, `?q=${alice.username.toUpperCase()}`)).toEqual([
      { userId: alice.id, name: alice.username },
    ]);
    expect(await members(viewer.token, `?q=${alice.username.slice(1)}`)).toEqual([]);
    expect(await members(viewer.token, '?q=user-')).toEqual(
      expect.arrayContaining([{ userId: viewer.id, name: viewer.username }]),
    );
    const long = await api(viewer.token).get(`${INCIDENT_ROUTES.members}?q=${'a'.repeat(65)}`);
    expect({ status: long.status, message: long.body.message }).toEqual({
      status: 400,
      message: ['q: the start of a username, at most 64 characters'],
    });
    // Reading incidents is needed.
    const roleName = unique('no-incidents').toLowerCase();
    await api(admin)
      .post(AUTH_ROUTES.roles, { name: roleName, permissions: ['alerts:read'] })
      .expect(201);
    const blind = await member([roleName]);
    expect((await api(blind.token).get(INCIDENT_ROUTES.members)).status).toBe(403);
  });

  it('serves the static routes before /:id (no "id must be a UUID" for stats, action-items, settings, members)', async () => {
    for (const path of [
      INCIDENT_ROUTES.stats,
      INCIDENT_ROUTES.actionItems,
      INCIDENT_ROUTES.settings,
      INCIDENT_ROUTES.members,
    ]) {
      const res = await api(admin).get(path);
      expect({ path, status: res.status, message: res.body.message }).not.toEqual(
        expect.objectContaining({ status: 400, message: 'id must be a UUID' }),
      );
      expect(res.status).not.toBe(400);
    }
  });
});
