import { UnitOfWork } from '@hyperion/api/core';
import type { EscalationTarget, IncidentSettings, IncidentSeverity } from '@hyperion/contracts';
import { INCIDENT_SEVERITIES } from '@hyperion/contracts';
import { BadRequestException, Injectable } from '@nestjs/common';

import { IncidentSettingsEntity } from '../entities/incident-settings.entity';
import { UpdateIncidentSettingsDto } from './dto/incident-settings.dto';
import { defaultIncidentSettings } from './incident-settings.defaults';

/** Where each kind of contact target lives (the notifications and on-call tables). */
const TARGET_TABLES: Record<EscalationTarget['type'], string> = {
  contact: 'contact',
  team: 'team',
  schedule: 'schedule',
  channel: 'notification_channel',
};

/**
 * The incident settings of the organisation in the request context: the sheet's module list,
 * which alerts open incidents, whether resolving an incident resolves its alerts, and the
 * contacts by severity. Reads join the caller's unit of work (the alerts hook, a move).
 */
@Injectable()
export class IncidentSettingsService {
  constructor(private readonly uow: UnitOfWork) {}

  /** The organisation's settings, or the defaults while it has changed none. */
  read(): Promise<IncidentSettings> {
    return this.uow.run(async (tx) => {
      const row = await tx.manager.getRepository(IncidentSettingsEntity).findOneBy({
        organizationId: tx.organizationId as string,
      });
      return row ? toSettings(row) : defaultIncidentSettings();
    });
  }

  /** Changes what is given (each contact severity given replaces that severity's rule); audited. */
  update(dto: UpdateIncidentSettingsDto): Promise<IncidentSettings> {
    return this.uow.run(async (tx) => {
      const organizationId = this.uow.organizationId;
      await tx.lock(`incident-settings:${organizationId}`);
      const current = await this.read();
      const contacts = { ...current.contacts };
      for (const severity of INCIDENT_SEVERITIES) {
        const rule = dto.contacts?.[severity];
        if (!rule) continue;
        await this.checkTargets(severity, rule.targets);
        contacts[severity] = {
          label: rule.label,
          targets: rule.targets.map(
            (t) => ({ type: t.type, id: t.id.toLowerCase() }) as EscalationTarget,
          ),
          channelKinds: [...rule.channelKinds],
        };
      }
      const next: IncidentSettings = {
        modules: dto.modules ? [...dto.modules] : current.modules,
        openFromAlertSeverities: dto.openFromAlertSeverities
          ? [...dto.openFromAlertSeverities]
          : current.openFromAlertSeverities,
        resolveAlertsOnResolve: dto.resolveAlertsOnResolve ?? current.resolveAlertsOnResolve,
        contacts,
      };
      await tx.manager.getRepository(IncidentSettingsEntity).save({ organizationId, ...next });
      const changed = (Object.keys(next) as (keyof IncidentSettings)[]).filter(
        (key) => JSON.stringify(next[key]) !== JSON.stringify(current[key]),
      );
      await tx.audit({
        action: 'incident_settings_updated',
        target: `incident_settings:${organizationId}`,
        result: 'success',
        details: { fields: changed.join(','), modules: next.modules.length },
      });
      return next;
    });
  }

  /** 400 naming the first target that is not in this organisation. */
  private async checkTargets(
    severity: IncidentSeverity,
    targets: readonly { type: EscalationTarget['type']; id: string }[],
  ): Promise<void> {
    for (const [i, target] of targets.entries()) {
      const found: unknown[] = await this.uow.manager.query(
        `SELECT 1 FROM "${TARGET_TABLES[target.type]}" WHERE "id" = $1::uuid`,
        [target.id],
      );
      if (found.length === 0) {
        throw new BadRequestException(
          `contacts.${severity}.targets.${i}.id: no ${target.type} ${target.id} in this organisation`,
        );
      }
    }
  }
}

function toSettings(row: IncidentSettingsEntity): IncidentSettings {
  const defaults = defaultIncidentSettings();
  return {
    modules: row.modules,
    openFromAlertSeverities: row.openFromAlertSeverities,
    resolveAlertsOnResolve: row.resolveAlertsOnResolve,
    contacts: { ...defaults.contacts, ...row.contacts },
  };
}
