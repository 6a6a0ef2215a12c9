import type {
  EscalationLevel,
  EscalationTarget,
  NotificationChannelKind,
} from '@hyperion/contracts';
import { ALERT_RULES, NOTIFICATION_CHANNEL_KINDS, SERVICE_RULES } from '@hyperion/contracts';

/** The longest wait of a level: a day. */
export const LEVEL_DELAY_MINUTES_MAX = 24 * 60;

export const ESCALATION_TARGET_TYPES = ['contact', 'team', 'schedule', 'channel'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The default policy of the documents (operational-procedures.md "Escalade": levels 1–4 DevOps,
 * Lead dev, CTO, Direction; monitoring-and-alerts.rst: at once by email and chat, SMS after 15
 * minutes without an answer, a call after 30). Editable once created.
 */
export const DEFAULT_ESCALATION_LEVELS: readonly EscalationLevel[] = [
  { name: 'DevOps', delayMinutes: 0, targets: [], channelKinds: ['email', 'slack'] },
  { name: 'Lead dev', delayMinutes: 15, targets: [], channelKinds: ['sms'] },
  { name: 'CTO', delayMinutes: 30, targets: [], channelKinds: ['voice'] },
  { name: 'Direction', delayMinutes: 45, targets: [], channelKinds: ['voice'] },
];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks an escalation policy's levels as the API receives them. Returns the levels with only
 * their known fields, or the first problem, naming its field (`levels[1].delayMinutes: …`).
 * Whether the targets exist is the service's business (it needs the database).
 */
export function parseLevels(
  value: unknown,
): { levels: EscalationLevel[]; problem?: undefined } | { problem: string } {
  if (!Array.isArray(value) || value.length < 1 || value.length > ALERT_RULES.levelsMax) {
    return { problem: `levels: a list of 1 to ${ALERT_RULES.levelsMax} levels` };
  }
  const levels: EscalationLevel[] = [];
  for (const [i, raw] of value.entries()) {
    const field = `levels[${i}]`;
    if (!isRecord(raw)) return { problem: `${field}: an object` };
    const { name, delayMinutes, targets, channelKinds } = raw;
    if (
      typeof name !== 'string' ||
      name.length > SERVICE_RULES.nameMaxLength ||
      !SERVICE_RULES.namePattern.test(name)
    ) {
      return { problem: `${field}.name: ${SERVICE_RULES.nameHint}` };
    }
    if (
      typeof delayMinutes !== 'number' ||
      !Number.isInteger(delayMinutes) ||
      delayMinutes < 0 ||
      delayMinutes > LEVEL_DELAY_MINUTES_MAX
    ) {
      return {
        problem: `${field}.delayMinutes: a whole number of minutes from 0 to ${LEVEL_DELAY_MINUTES_MAX}`,
      };
    }
    const previous = levels[i - 1];
    if (previous && delayMinutes <= previous.delayMinutes) {
      return {
        problem: `${field}.delayMinutes: must be more than the previous level's (${previous.delayMinutes})`,
      };
    }
    const parsedTargets = parseTargets(targets ?? [], `${field}.targets`);
    if ('problem' in parsedTargets) return { problem: parsedTargets.problem as string };
    const parsedKinds = parseKinds(channelKinds ?? [], `${field}.channelKinds`);
    if ('problem' in parsedKinds) return { problem: parsedKinds.problem as string };
    if (parsedTargets.targets.length === 0 && parsedKinds.kinds.length === 0) {
      return { problem: `${field}: reaches nobody: give it targets or channelKinds` };
    }
    levels.push({
      name,
      delayMinutes,
      targets: parsedTargets.targets,
      channelKinds: parsedKinds.kinds,
    });
  }
  return { levels };
}

function parseTargets(
  value: unknown,
  field: string,
): { targets: EscalationTarget[] } | { problem: string } {
  if (!Array.isArray(value) || value.length > ALERT_RULES.targetsMax) {
    return { problem: `${field}: a list of at most ${ALERT_RULES.targetsMax} targets` };
  }
  const targets: EscalationTarget[] = [];
  const seen = new Set<string>();
  for (const [j, raw] of value.entries()) {
    const at = `${field}[${j}]`;
    if (!isRecord(raw)) return { problem: `${at}: an object { type, id }` };
    const { type, id } = raw;
    if (!(ESCALATION_TARGET_TYPES as readonly unknown[]).includes(type)) {
      return { problem: `${at}.type: one of ${ESCALATION_TARGET_TYPES.join(', ')}` };
    }
    if (typeof id !== 'string' || !UUID.test(id)) {
      return { problem: `${at}.id: the id (UUID) of a ${String(type)}` };
    }
    const key = `${String(type)}:${id.toLowerCase()}`;
    if (seen.has(key)) return { problem: `${at}: the same ${String(type)} twice in one level` };
    seen.add(key);
    targets.push({ type, id: id.toLowerCase() } as EscalationTarget);
  }
  return { targets };
}

function parseKinds(
  value: unknown,
  field: string,
): { kinds: NotificationChannelKind[] } | { problem: string } {
  const hint = `${field}: distinct channel kinds among ${NOTIFICATION_CHANNEL_KINDS.join(', ')}`;
  if (!Array.isArray(value)) return { problem: hint };
  if (!value.every((k) => (NOTIFICATION_CHANNEL_KINDS as readonly unknown[]).includes(k))) {
    return { problem: hint };
  }
  if (new Set(value).size !== value.length) return { problem: hint };
  return { kinds: [...(value as NotificationChannelKind[])] };
}
