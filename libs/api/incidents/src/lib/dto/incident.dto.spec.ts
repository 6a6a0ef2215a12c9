import { BadRequestException, Type, ValidationPipe } from '@nestjs/common';

import {
  CreateActionItemDto,
  IncidentStatsQueryDto,
  UpdateActionItemDto,
} from '../records/dto/records.dto';
import { UpdateIncidentSettingsDto } from '../settings/dto/incident-settings.dto';
import {
  IncidentActionDto,
  IncidentCommentDto,
  IncidentListQueryDto,
  IncidentNoteDto,
} from './incident-requests.dto';
import { CreateIncidentDto, ReplaceIncidentDto, UpdateIncidentDto } from './incident.dto';

/** The DTOs through the app's global pipe: bad input is a 400 whose message names the field. */
describe('incident DTOs', () => {
  const pipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

  const messages = async (
    metatype: Type<unknown>,
    value: unknown,
    type: 'body' | 'query' = 'body',
  ): Promise<string[]> => {
    try {
      await pipe.transform(value, { type, metatype });
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(BadRequestException);
      // As the pipe gives them: a bad value is named once, not once per constraint it breaks.
      return ((error as BadRequestException).getResponse() as { message: string[] }).message;
    }
  };

  const full = {
    title: 'Login fails after the 2FA change',
    severity: 'high',
    reportedAt: '2026-03-01T09:30:00.000Z',
    reportedBy: { kind: 'user', userId: '3f1e0a52-4b8b-4c5e-9a1d-2b6f0c1d9e77', name: 'Alice' },
    module: 'Authentication',
    errorType: 'other',
    errorTypeOther: 'Session lost',
    description: 'Users are signed out.',
    reproductionSteps: [
      { action: 'Sign in', endpoint: 'POST /api/v1/auth/login', parameters: 'x' },
    ],
    expectedBehaviour: 'Signed in',
    observedBehaviour: 'Signed out',
    environment: {
      os: 'Linux',
      browser: 'Firefox',
      browserVersion: '128',
      versions: [{ name: 'Hyperion', version: '1.4.0' }],
    },
    technicalLogs: {
      auditLogId: '1234',
      traceback: 'Error: boom\n    at x',
      ipAddress: '192.0.2.10',
      timestamp: '2026-03-01T09:29:58.120Z',
    },
    analysis: { failingComponent: 'auth', probableCause: 'cookie', userImpact: 'all users' },
    proposedSolution: { codeFix: 'fix', dbMigration: 'none', servicesToRestart: ['API'] },
    serviceId: '3f1e0a52-4b8b-4c5e-9a1d-2b6f0c1d9e78',
    assigneeId: '3f1e0a52-4b8b-4c5e-9a1d-2b6f0c1d9e79',
    commanderId: '3f1e0a52-4b8b-4c5e-9a1d-2b6f0c1d9e7a',
    communicationsLeadId: '3f1e0a52-4b8b-4c5e-9a1d-2b6f0c1d9e7b',
    responderIds: ['3f1e0a52-4b8b-4c5e-9a1d-2b6f0c1d9e7c'],
  };

  it('accepts every field of the sheet, and the least a sheet needs', async () => {
    expect(await messages(CreateIncidentDto, full)).toEqual([]);
    expect(await messages(CreateIncidentDto, { title: 'Down', severity: 'low' })).toEqual([]);
    expect(await messages(ReplaceIncidentDto, { ...full, version: 3 })).toEqual([]);
    expect(await messages(UpdateIncidentDto, { version: 1, severity: 'critical' })).toEqual([]);
  });

  it('names each bad top-level field', async () => {
    expect(
      await messages(CreateIncidentDto, {
        title: ' padded',
        severity: 'major',
        reportedAt: '2026-02-31T10:00:00Z',
        module: 'x'.repeat(65),
        errorType: 'crash',
        serviceId: 'nope',
        assigneeId: 'nope',
        responderIds: ['nope'],
        description: 'x'.repeat(20_001),
      }),
    ).toEqual(
      expect.arrayContaining([
        'title: 1 to 200 characters on one line, without leading or trailing spaces',
        'severity: one of critical, high, medium, low',
        'reportedAt: an ISO 8601 date and time, e.g. 2026-03-01T09:30:00Z',
        "module: one of the organisation's modules",
        expect.stringMatching(/^errorType: one of login, logout, /),
        'serviceId: a service id (UUID)',
        'assigneeId: a member of the organisation (UUID)',
        'responderIds: members of the organisation (UUIDs)',
        'description: at most 20000 characters',
      ]),
    );
    expect(await messages(CreateIncidentDto, { severity: 'low' })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^title: /)]),
    );
  });

  it('names the path of a bad nested field', async () => {
    const problems = await messages(CreateIncidentDto, {
      ...full,
      reportedBy: { kind: 'robot' },
      reproductionSteps: [{ action: 'ok' }, { action: '', endpoint: 'x'.repeat(2001) }],
      environment: { os: 'Linux', versions: [{ name: 'Hyperion' }] },
      technicalLogs: { ipAddress: '999.1.1.1', timestamp: 'yesterday', auditLogId: 'abc' },
      proposedSolution: { servicesToRestart: ['API', 'API'] },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'reportedBy.kind: one of user, admin, system',
        'reproductionSteps.1.action: 1 to 2000 characters',
        'reproductionSteps.1.endpoint: 1 to 2000 characters',
        'environment.versions.0.version: 1 to 200 characters',
        'technicalLogs.ipAddress: an IPv4 or IPv6 address',
        'technicalLogs.timestamp: an ISO 8601 date and time, e.g. 2026-03-01T09:30:00Z',
        'technicalLogs.auditLogId: the id of an audit entry (digits)',
        expect.stringMatching(
          /^proposedSolution\.servicesToRestart: a list of at most 20 distinct/,
        ),
      ]),
    );
    expect(problems.some((p) => p.startsWith('reproductionSteps.0'))).toBe(false);
    expect(
      await messages(CreateIncidentDto, { title: 'x', severity: 'low', environment: 'Linux' }),
    ).toEqual(
      expect.arrayContaining(['environment: an object { os, browser, browserVersion, versions }']),
    );
    expect(
      await messages(CreateIncidentDto, { title: 'x', severity: 'low', reproductionSteps: [1] }),
    ).toEqual([
      'reproductionSteps.*: each of the steps { action, endpoint, parameters } must be an object',
    ]);
    expect(
      await messages(CreateIncidentDto, {
        title: 'x',
        severity: 'low',
        reproductionSteps: new Array(51).fill({ action: 'a' }),
      }),
    ).toEqual(
      expect.arrayContaining([
        'reproductionSteps: a list of at most 50 steps { action, endpoint, parameters }',
      ]),
    );
  });

  it('refuses unknown fields, nested ones included', async () => {
    expect(await messages(CreateIncidentDto, { ...full, status: 'closed' })).toEqual([
      'property status should not exist',
    ]);
    expect(await messages(CreateIncidentDto, { ...full, analysis: { rootCause: 'x' } })).toEqual([
      'analysis.property rootCause should not exist',
    ]);
  });

  it('requires the text of an "other" error type', async () => {
    const withoutText: Partial<typeof full> = { ...full };
    delete withoutText.errorTypeOther;
    expect(await messages(CreateIncidentDto, withoutText)).toEqual([
      'errorTypeOther: 1 to 200 characters, required when errorType is other',
    ]);
    expect(await messages(ReplaceIncidentDto, { ...withoutText, version: 1 })).toEqual([
      'errorTypeOther: 1 to 200 characters, required when errorType is other',
    ]);
    expect(await messages(CreateIncidentDto, { ...withoutText, errorType: 'login' })).toEqual([]);
  });

  it('needs the version read on PUT and PATCH, and takes clear on PATCH only', async () => {
    expect(await messages(UpdateIncidentDto, { title: 'x' })).toEqual([
      'version: the version you read (a whole number from 1)',
    ]);
    expect(await messages(ReplaceIncidentDto, { ...full, version: 0 })).toEqual([
      'version: the version you read (a whole number from 1)',
    ]);
    expect(
      await messages(UpdateIncidentDto, { version: 2, clear: ['assigneeId', 'module'] }),
    ).toEqual([]);
    expect(await messages(UpdateIncidentDto, { version: 2, clear: ['title'] })).toEqual([
      expect.stringMatching(/^clear: distinct fields among module, errorType, /),
    ]);
    expect(await messages(CreateIncidentDto, { ...full, clear: ['module'] })).toEqual([
      'property clear should not exist',
    ]);
    // A PATCH checks only what it gives.
    expect(await messages(UpdateIncidentDto, { version: 2, title: ' x' })).toEqual([
      'title: 1 to 200 characters on one line, without leading or trailing spaces',
    ]);
  });

  it('names bad list filters', async () => {
    expect(
      await messages(
        IncidentListQueryDto,
        {
          status: 'open,sleeping',
          severity: 'critical,',
          sort: 'random',
          limit: '0',
          from: 'last week',
          serviceId: 'x',
          q: 'x'.repeat(201),
        },
        'query',
      ),
    ).toEqual(
      expect.arrayContaining([
        'status: comma-separated among open, acknowledged, in_progress, resolved, closed',
        'severity: comma-separated among critical, high, medium, low',
        'sort: one of newest, oldest, severity, updated',
        'limit must be an integer between 1 and 100',
        'from: an ISO 8601 date and time, e.g. 2026-03-01T09:30:00Z',
        'serviceId: a service id (UUID)',
        'q: 1 to 200 characters',
      ]),
    );
    expect(
      await messages(
        IncidentListQueryDto,
        { status: 'open,acknowledged', severity: 'high', limit: '20', sort: 'severity' },
        'query',
      ),
    ).toEqual([]);
  });

  it('names a bad value once, whatever the number of rules it breaks', async () => {
    const DATE_TIME = 'an ISO 8601 date and time, e.g. 2026-03-01T09:30:00Z';
    expect(await messages(IncidentListQueryDto, { from: 'yesterday' }, 'query')).toEqual([
      `from: ${DATE_TIME}`,
    ]);
    expect(await messages(IncidentStatsQueryDto, { to: 'yesterday' }, 'query')).toEqual([
      `to: ${DATE_TIME}`,
    ]);
    // A repeated query parameter is a list: not a text, not a comma-separated list either.
    expect(
      await messages(IncidentListQueryDto, { status: ['open', 'closed'], q: ['a', 'b'] }, 'query'),
    ).toEqual([
      'status: comma-separated among open, acknowledged, in_progress, resolved, closed',
      'q: 1 to 200 characters',
    ]);
    expect(
      await messages(CreateIncidentDto, {
        title: 42,
        severity: 'low',
        reportedAt: 'yesterday',
        environment: 'Linux',
        reproductionSteps: new Array(51).fill({ action: 'a' }),
        responderIds: 'nobody',
        technicalLogs: { auditLogId: 7 },
        proposedSolution: { servicesToRestart: 'API' },
      }),
    ).toEqual([
      'title: 1 to 200 characters on one line, without leading or trailing spaces',
      `reportedAt: ${DATE_TIME}`,
      'reproductionSteps: a list of at most 50 steps { action, endpoint, parameters }',
      'environment: an object { os, browser, browserVersion, versions }',
      'technicalLogs.auditLogId: the id of an audit entry (digits)',
      'proposedSolution.servicesToRestart: a list of at most 20 distinct texts of 1 to 200 characters',
      'responderIds: a list of at most 50 distinct user ids',
    ]);
    expect(await messages(UpdateIncidentDto, { version: 'one', clear: 'module' })).toEqual([
      'version: the version you read (a whole number from 1)',
      expect.stringMatching(/^clear: distinct fields among module, /),
    ]);
  });

  it('takes an action item without owner or due date, and clears them through clear only', async () => {
    expect(await messages(CreateActionItemDto, { title: 'Add an alert' })).toEqual([]);
    expect(
      await messages(CreateActionItemDto, { title: 'Add an alert', ownerId: '', dueDate: '' }),
    ).toEqual([
      'ownerId: the user id (UUID) of a member of this organisation; to remove it, name ownerId in clear instead of ""',
      'dueDate: a day as YYYY-MM-DD; to remove it, name dueDate in clear instead of ""',
    ]);
    expect(await messages(UpdateActionItemDto, { clear: ['ownerId', 'dueDate'] })).toEqual([]);
    expect(await messages(UpdateActionItemDto, { ownerId: '', dueDate: '2026-02-30' })).toEqual([
      'ownerId: the user id (UUID) of a member of this organisation; to remove it, name ownerId in clear instead of ""',
      'dueDate: a day as YYYY-MM-DD',
    ]);
    for (const clear of [['title'], ['ownerId', 'ownerId'], 'dueDate', [null]]) {
      expect(await messages(UpdateActionItemDto, { clear })).toEqual([
        'clear: distinct fields among ownerId, dueDate',
      ]);
    }
  });

  it('names bad move, comment and note fields', async () => {
    expect(
      await messages(IncidentActionDto, { version: 'one', resolveAlerts: 'yes', note: '' }),
    ).toEqual(
      expect.arrayContaining([
        'version: the version you read (a whole number from 1)',
        'resolveAlerts: true or false',
        'note: 1 to 10000 characters',
      ]),
    );
    expect(await messages(IncidentActionDto, {})).toEqual([]);
    expect(await messages(IncidentCommentDto, { body: '   ' })).toEqual([
      'body: 1 to 10000 characters',
    ]);
    expect(await messages(IncidentNoteDto, { body: 'ok', at: '2026-13-01T00:00:00Z' })).toEqual([
      'at: an ISO 8601 date and time, e.g. 2026-03-01T09:30:00Z',
    ]);
  });

  it('names bad settings, contacts included', async () => {
    expect(
      await messages(UpdateIncidentSettingsDto, {
        modules: [],
        openFromAlertSeverities: ['medium'],
        resolveAlertsOnResolve: 'no',
        contacts: {
          critical: { label: 'CTO', targets: [{ type: 'pigeon', id: 'x' }], channelKinds: ['fax'] },
        },
      }),
    ).toEqual(
      expect.arrayContaining([
        'modules: at least one module',
        'openFromAlertSeverities: distinct severities among critical, high',
        'resolveAlertsOnResolve: true or false',
        'contacts.critical.targets.0.type: one of contact, team, schedule, channel',
        'contacts.critical.targets.0.id: the id of a contact, team, schedule or channel (UUID)',
        expect.stringMatching(/^contacts\.critical\.channelKinds: distinct channel kinds among /),
      ]),
    );
    expect(await messages(UpdateIncidentSettingsDto, { modules: ['API', 'API'] })).toEqual([
      expect.stringMatching(/^modules: a list of at most 50 distinct texts/),
    ]);
  });
});
