import type {
  ContactSummary,
  EscalationTarget,
  NotificationChannelSummary,
  ScheduleSummary,
  TeamSummary,
} from '@hyperion/contracts';

import { CHANNEL_KIND_LABELS } from '../config-shared/labels';

export type TargetType = EscalationTarget['type'];

export const TARGET_TYPE_LABELS: Readonly<Record<TargetType, string>> = {
  contact: 'Person',
  team: 'Team',
  schedule: 'On call of',
  channel: 'Channel',
};

export interface TargetGroup {
  readonly type: TargetType;
  readonly label: string;
  readonly items: readonly { id: string; name: string }[];
}

/** Who an escalation level can reach, by name. */
export interface TargetDirectory {
  readonly groups: readonly TargetGroup[];
  nameOf(target: EscalationTarget): string;
}

export function targetDirectory(
  contacts: readonly ContactSummary[],
  teams: readonly TeamSummary[],
  schedules: readonly ScheduleSummary[],
  channels: readonly Pick<NotificationChannelSummary, 'id' | 'name' | 'kind'>[],
): TargetDirectory {
  const groups: TargetGroup[] = [
    { type: 'contact', label: 'People', items: contacts.map((c) => ({ id: c.id, name: c.name })) },
    { type: 'team', label: 'Teams', items: teams.map((t) => ({ id: t.id, name: t.name })) },
    {
      type: 'schedule',
      label: 'On-call schedules',
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
      if (target.type === 'schedule') return `On call of ${name ?? 'an unknown schedule'}`;
      return name ?? `Unknown ${TARGET_TYPE_LABELS[target.type].toLowerCase()} (deleted?)`;
    },
  };
}
