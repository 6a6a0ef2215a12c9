import type {
  ContactSummary,
  EscalationTarget,
  NotificationChannelSummary,
  ScheduleSummary,
  TeamSummary,
} from '@hyperion/contracts';

import { CHANNEL_KIND_LABELS } from '../shared/format';

export type TargetType = EscalationTarget['type'];

export interface TargetGroup {
  readonly type: TargetType;
  readonly label: string;
  readonly items: readonly { id: string; name: string }[];
}

/** Who contacts by severity can reach (the notifications domain's people), by name. */
export interface TargetDirectory {
  readonly groups: readonly TargetGroup[];
  nameOf(target: EscalationTarget): string;
}

const UNKNOWN: Readonly<Record<TargetType, string>> = {
  contact: 'An unknown person (deleted?)',
  team: 'An unknown team (deleted?)',
  schedule: 'an unknown schedule',
  channel: 'An unknown channel (deleted?)',
};

export function targetDirectory(
  contacts: readonly ContactSummary[],
  teams: readonly TeamSummary[],
  schedules: readonly ScheduleSummary[],
  channels: readonly Pick<NotificationChannelSummary, 'id' | 'name' | 'kind'>[],
): TargetDirectory {
  const groups: TargetGroup[] = [
    { type: 'team', label: 'Teams', items: teams.map((t) => ({ id: t.id, name: t.name })) },
    { type: 'contact', label: 'People', items: contacts.map((c) => ({ id: c.id, name: c.name })) },
    {
      type: 'schedule',
      label: 'On call of',
      items: schedules.map((s) => ({ id: s.id, name: s.name })),
    },
    {
      type: 'channel',
      label: 'Channels',
      items: channels.map((c) => ({
        id: c.id,
        name: `${c.name} (${CHANNEL_KIND_LABELS[c.kind] ?? c.kind})`,
      })),
    },
  ];
  const names = new Map(
    groups.flatMap((group) => group.items.map((item) => [`${group.type}:${item.id}`, item.name])),
  );
  return {
    groups,
    nameOf: (target) => {
      const name = names.get(`${target.type}:${target.id}`);
      if (target.type === 'schedule') return `On call of ${name ?? UNKNOWN.schedule}`;
      return name ?? UNKNOWN[target.type];
    },
  };
}
