import { RequestContext, Tx, UnitOfWork } from '@hyperion/api/core';
import type {
  IncidentDetail,
  IncidentListResponse,
  IncidentReporter,
  IncidentSheetFields,
  IncidentSort,
  IncidentSummary,
} from '@hyperion/contracts';
import { INCIDENT_RULES, JOBS, QUEUES } from '@hyperion/contracts';
import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
} from '@nestjs/common';

import type { IncidentListQueryDto } from './dto/incident-requests.dto';
import type { ReplaceIncidentDto, UpdateIncidentDto } from './dto/incident.dto';
import { IncidentEntity } from './entities/incident.entity';
import { IncidentCounters } from './incident-counters';
import { decodeCursor, encodeCursor } from './incident-cursor';
import {
  INCIDENT_ATTACHMENTS_READER,
  INCIDENT_POSTMORTEM_READER,
  IncidentAttachmentsReader,
  IncidentPostmortemReader,
} from './incident-record-readers';
import {
  changedFields,
  emptyChecklist,
  fullSheet,
  patchedSheet,
  ROLE_FIELDS,
  sheetColumns,
  SheetField,
  SheetInput,
  sheetOf,
} from './incident-sheet';
import { IncidentNames, peopleOf, toIncidentDetail, toIncidentSummary } from './incident-view';
import { incidentNumberLock, IncidentRepository } from './incident.repository';
import { IncidentSettingsService } from './settings/incident-settings.service';
import { currentIncidentActor } from './timeline/incident-actor';
import { IncidentTimeline } from './timeline/incident-timeline';

/** `incident:<id>`, the audit log's target of an incident. */
export const incidentTarget = (id: string) => `incident:${id}`;

const ROLE_LABELS: Record<(typeof ROLE_FIELDS)[number], string> = {
  assigneeId: 'Assignee',
  commanderId: 'Incident commander',
  communicationsLeadId: 'Communications lead',
  responderIds: 'Responders',
};

/** The 409 of a stale version. */
export function staleVersion(current: number): ConflictException {
  return new ConflictException(
    `version: the incident changed since you read it (it is now at version ${current}); reload it and try again`,
  );
}

/**
 * The incidents use cases of the sheet: create, list, read, replace and update, and what the
 * rest of the lib shares (find, lock, publish, link alerts). Each change runs in one unit of
 * work with its audit row, its timeline lines and its `incidents:changed` event; an id of
 * another organisation is not found (row-level security).
 */
@Injectable()
export class IncidentService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: IncidentRepository,
    private readonly settings: IncidentSettingsService,
    private readonly timeline: IncidentTimeline,
    private readonly counters: IncidentCounters,
    @Inject(INCIDENT_ATTACHMENTS_READER) private readonly attachments: IncidentAttachmentsReader,
    @Inject(INCIDENT_POSTMORTEM_READER) private readonly postmortems: IncidentPostmortemReader,
  ) {}

  // -------------------------------------------------------------------------------------------
  // Reading
  // -------------------------------------------------------------------------------------------

  list(query: IncidentListQueryDto): Promise<IncidentListResponse> {
    return this.uow.run(async () => {
      const sort: IncidentSort = query.sort ?? 'newest';
      const after = query.cursor ? decodeCursor(query.cursor, sort) : null;
      if (query.cursor && !after) {
        throw new BadRequestException(
          `cursor: not a cursor of this list (sorted by ${sort}); use the nextCursor of the previous page`,
        );
      }
      const limit = query.limit ?? INCIDENT_RULES.listLimitDefault;
      const page = await this.repository.page({
        statuses: query.status ? query.status.split(',') : [],
        severities: query.severity ? query.severity.split(',') : [],
        module: query.module,
        serviceId: query.serviceId,
        assigneeId: query.assigneeId,
        q: query.q,
        from: query.from,
        to: query.to,
        sort,
        after,
        limit: limit + 1,
      });
      const shown = page.slice(0, limit);
      const rows = new Map(
        (await this.repository.findByIds(shown.map((r) => r.id))).map((r) => [r.id, r]),
      );
      const ordered = shown.map((r) => rows.get(r.id)).filter((r): r is IncidentEntity => !!r);
      const names = await this.names(ordered);
      const last = shown[shown.length - 1];
      return {
        items: ordered.map((row) => toIncidentSummary(row, names)),
        nextCursor:
          page.length > limit && last
            ? encodeCursor(
                sort === 'severity'
                  ? { sort, rank: Number(last.rank), at: last.at, id: last.id }
                  : { sort, at: last.at, id: last.id },
              )
            : null,
      };
    });
  }

  get(id: string): Promise<IncidentDetail> {
    return this.uow.run(async (tx) => this.detail(tx, await this.found(id)));
  }

  // -------------------------------------------------------------------------------------------
  // Changing the sheet
  // -------------------------------------------------------------------------------------------

  create(request: SheetInput): Promise<IncidentDetail> {
    return this.uow.run(async (tx) => this.detail(tx, await this.createIn(tx, request)));
  }

  /**
   * Creates an incident in the caller's transaction (the alerts hook uses this): the sheet
   * checked (module, service, members), its number taken under the organisation's lock, the
   * detection phase stamped at reportedAt, the `created` line, the audit row and the event.
   */
  async createIn(tx: Tx, request: SheetInput): Promise<IncidentEntity> {
    const actor = currentIncidentActor();
    const now = new Date();
    const sheet = fullSheet(request, {
      reportedAt: now.toISOString(),
      reportedBy: callerAsReporter(),
    });
    await this.checkSheet(sheet, null);
    await tx.lock(incidentNumberLock(this.uow.organizationId));
    const number = await this.repository.nextNumber();
    const row = await this.repository.insert({
      ...sheetColumns(sheet),
      number,
      status: 'open',
      testChecklist: emptyChecklist(),
      phases: { detection: { at: sheet.reportedAt, by: actor } },
      acknowledgedAt: null,
      acknowledgedBy: null,
      startedAt: null,
      startedBy: null,
      resolvedAt: null,
      resolvedBy: null,
      closedAt: null,
      closedBy: null,
      reopenedAt: null,
      reopenedBy: null,
      reopenCount: 0,
      firstAcknowledgedAt: null,
      firstResolvedAt: null,
      alertCount: 0,
      version: 1,
      createdBy: actor.userId,
    });
    await this.timeline.append(tx, row.id, {
      kind: 'created',
      summary: `Incident #${number} created: ${row.title}`,
      details: { severity: row.severity, number },
      at: now,
    });
    await tx.audit({
      action: 'incident_created',
      target: incidentTarget(row.id),
      result: 'success',
      details: { number, title: row.title, severity: row.severity },
    });
    tx.afterCommit(() => this.counters.created(row.severity));
    // The contacts of its severity are told once it is committed (IncidentContacts).
    await tx.enqueue(QUEUES.incidents, JOBS.incidentContacts, { incidentId: row.id });
    await this.publish(tx, row.id);
    return row;
  }

  /** PUT: the whole sheet; reportedAt and reportedBy left out keep their value. */
  replace(id: string, dto: ReplaceIncidentDto): Promise<IncidentDetail> {
    return this.uow.run(async (tx) => {
      const { version, ...request } = dto;
      return this.write(tx, id, version, (before) =>
        fullSheet(request, { reportedAt: before.reportedAt, reportedBy: before.reportedBy }),
      );
    });
  }

  /** PATCH: the fields given, `clear` empties optional ones (not one also given). */
  update(id: string, dto: UpdateIncidentDto): Promise<IncidentDetail> {
    return this.uow.run(async (tx) => {
      const { version, ...patch } = dto;
      const both = patch.clear?.find((field) => patch[field] !== undefined);
      if (both) throw new BadRequestException(`clear: ${both} is both given and cleared`);
      return this.write(tx, id, version, (before) => patchedSheet(before, patch));
    });
  }

  /**
   * Writes a new sheet if the incident is still at `version` (one UPDATE … WHERE version: of
   * concurrent writers of one version exactly one wins, the others get 409). A role that changed
   * is a `role_changed` line each; the other fields one `updated` line naming them.
   */
  private async write(
    tx: Tx,
    id: string,
    version: number,
    next: (before: IncidentSheetFields) => IncidentSheetFields,
  ): Promise<IncidentDetail> {
    const row = await this.found(id);
    if (row.version !== version) throw staleVersion(row.version);
    const before = sheetOf(row);
    const after = next(before);
    const changed = changedFields(before, after);
    if (changed.length === 0) return this.detail(tx, row);
    await this.checkSheet(after, before);
    if (!(await this.repository.updateVersioned(id, version, sheetColumns(after)))) {
      throw staleVersion((await this.found(id)).version);
    }
    await this.tellChanges(tx, id, before, after, changed);
    await tx.audit({
      action: 'incident_updated',
      target: incidentTarget(id),
      result: 'success',
      details: { number: row.number, fields: changed.join(','), version: version + 1 },
    });
    await this.publish(tx, id);
    return this.detail(tx, await this.found(id));
  }

  private async tellChanges(
    tx: Tx,
    id: string,
    before: IncidentSheetFields,
    after: IncidentSheetFields,
    changed: SheetField[],
  ): Promise<void> {
    const roles = changed.filter((f): f is (typeof ROLE_FIELDS)[number] =>
      (ROLE_FIELDS as readonly string[]).includes(f),
    );
    if (roles.length > 0) {
      const people = await this.repository.people([
        ...roles.flatMap((f) => [before[f], after[f]].flat()),
      ]);
      const name = (userId: string | null) =>
        userId ? (people.get(userId)?.name ?? userId) : 'nobody';
      for (const role of roles) {
        let summary: string;
        if (role === 'responderIds') {
          const added = after.responderIds.filter((r) => !before.responderIds.includes(r));
          const removed = before.responderIds.filter((r) => !after.responderIds.includes(r));
          summary = `${ROLE_LABELS[role]}: ${
            [
              added.length ? `added ${added.map(name).join(', ')}` : '',
              removed.length ? `removed ${removed.map(name).join(', ')}` : '',
            ]
              .filter(Boolean)
              .join('; ') || 'reordered'
          }`;
        } else {
          summary = `${ROLE_LABELS[role]}: ${name(before[role])} → ${name(after[role])}`;
        }
        await this.timeline.append(tx, id, {
          kind: 'role_changed',
          summary,
          details: { role, from: before[role], to: after[role] },
        });
      }
    }
    const others = changed.filter((f) => !(ROLE_FIELDS as readonly string[]).includes(f));
    if (others.length > 0) {
      const severity =
        before.severity !== after.severity
          ? ` (severity ${before.severity} → ${after.severity})`
          : '';
      await this.timeline.append(tx, id, {
        kind: 'updated',
        summary: `Updated: ${others.join(', ')}${severity}`,
        details: { fields: others },
      });
    }
  }

  /**
   * 400 naming the field: a module not in the organisation's list, a service not in the
   * organisation, an account that is not a member, `other` without its text. Only what changed
   * is checked (an assignee who left later does not block editing the title).
   */
  private async checkSheet(
    sheet: IncidentSheetFields,
    before: IncidentSheetFields | null,
  ): Promise<void> {
    const changed = <K extends SheetField>(key: K) =>
      !before || JSON.stringify(before[key]) !== JSON.stringify(sheet[key]);
    if (sheet.errorType === 'other' && !sheet.errorTypeOther) {
      throw new BadRequestException('errorTypeOther: required when errorType is other');
    }
    if (sheet.module !== null && changed('module')) {
      const { modules } = await this.settings.read();
      if (!modules.includes(sheet.module)) {
        throw new BadRequestException(
          `module: "${sheet.module}" is not one of the organisation's modules (${modules.join(', ')})`,
        );
      }
    }
    if (sheet.serviceId !== null && changed('serviceId')) {
      const services = await this.repository.serviceNames([sheet.serviceId]);
      if (!services.has(sheet.serviceId)) {
        throw new BadRequestException(
          `serviceId: no service ${sheet.serviceId} in this organisation`,
        );
      }
    }
    const people: [string, string][] = [];
    const single = ['assigneeId', 'commanderId', 'communicationsLeadId'] as const;
    for (const field of single) {
      const value = sheet[field];
      if (value && changed(field)) people.push([field, value]);
    }
    // The caller, reporting for themselves, acts in this organisation already.
    const caller = RequestContext.current()?.actor;
    const self = caller?.type === 'user' && sheet.reportedBy.userId === caller.id;
    if (sheet.reportedBy.userId && changed('reportedBy') && !self) {
      people.push(['reportedBy.userId', sheet.reportedBy.userId]);
    }
    sheet.responderIds.forEach((userId, i) => {
      if (!before?.responderIds.includes(userId)) people.push([`responderIds.${i}`, userId]);
    });
    if (people.length === 0) return;
    const members = await this.repository.members(people.map(([, id]) => id));
    const outsider = people.find(([, id]) => !members.has(id));
    if (outsider) {
      throw new BadRequestException(
        `${outsider[0]}: ${outsider[1]} is not a member of this organisation`,
      );
    }
  }

  // -------------------------------------------------------------------------------------------
  // Shared with the rest of the lib (records, the alerts hook, the moves)
  // -------------------------------------------------------------------------------------------

  /** The incident, 404 when it is not one of this organisation's. */
  async found(id: string): Promise<IncidentEntity> {
    const row = await this.repository.findById(id);
    if (!row) throw new NotFoundException('Incident not found');
    return row;
  }

  /** The incident locked until the transaction ends (SELECT … FOR UPDATE); 404 when not found. */
  async findForUpdate(tx: Tx, id: string): Promise<IncidentEntity> {
    void tx;
    const row = await this.repository.findForUpdate(id);
    if (!row) throw new NotFoundException('Incident not found');
    return row;
  }

  /** Emits `incidents:changed` with the incident as it now stands (after commit). */
  async publish(tx: Tx, incidentId: string): Promise<IncidentSummary> {
    const row = await this.found(incidentId);
    const summary = toIncidentSummary(row, await this.names([row]));
    await tx.emit('incidents:changed', { incident: summary });
    return summary;
  }

  /** The summary of an incident as it now stands. */
  async summary(tx: Tx, incidentId: string): Promise<IncidentSummary> {
    void tx;
    const row = await this.found(incidentId);
    return toIncidentSummary(row, await this.names([row]));
  }

  /** The whole incident as GET /:id answers it. */
  async detail(tx: Tx, row: IncidentEntity): Promise<IncidentDetail> {
    const names = await this.names([row]);
    return toIncidentDetail(row, names, {
      alerts: await this.repository.alertLinks(row.id),
      attachments: await this.attachments.list(tx, row.id),
      hasPostmortem: await this.postmortems.exists(tx, row.id),
    });
  }

  /**
   * Links alerts to an incident in the caller's transaction (an alert already linked to it is
   * left as it is): one `alert_linked` line each, the count on the incident, the event. The alerts
   * newly linked.
   */
  async linkAlerts(tx: Tx, incidentId: string, alertIds: readonly string[]): Promise<string[]> {
    const linked = await this.repository.linkAlerts(incidentId, alertIds);
    for (const alert of linked) {
      await this.timeline.append(tx, incidentId, {
        kind: 'alert_linked',
        summary: `Alert linked (${alert.severity}): ${alert.summary}`,
        details: { alertId: alert.id, dedupKey: alert.dedupKey, severity: alert.severity },
      });
    }
    if (linked.length > 0) await this.publish(tx, incidentId);
    return linked.map((a) => a.id);
  }

  private async names(rows: readonly IncidentEntity[]): Promise<IncidentNames> {
    return {
      people: await this.repository.people(rows.flatMap(peopleOf)),
      services: await this.repository.serviceNames(rows.map((r) => r.serviceId)),
    };
  }
}

/** The caller as the sheet's reporter: an administrator, a user, or Hyperion (jobs, API keys). */
export function callerAsReporter(): IncidentReporter {
  const actor = RequestContext.current()?.actor;
  if (actor?.type === 'user') {
    const admin =
      actor.permissions.includes('platform:admin') || actor.permissions.includes('users:admin');
    return { kind: admin ? 'admin' : 'user', userId: actor.id, name: actor.name };
  }
  return { kind: 'system', userId: null, name: currentIncidentActor().name };
}
