import type { NotificationChannelKind } from '@hyperion/contracts';
import { NOTIFICATION_CHANNEL_KINDS } from '@hyperion/contracts';

export interface ChannelKindInfo {
  readonly kind: NotificationChannelKind;
  readonly label: string;
  /** SVG path data of a 24×24 icon (inline: the console fetches no icon fonts). */
  readonly icon: string;
}

const MAIL =
  'M20 4H4c-1.1 0-2 .9-2 2v12c0 1.1.9 2 2 2h16c1.1 0 2-.9 2-2V6c0-1.1-.9-2-2-2zm0 4-8 5-8-5V6l8 5 8-5v2z';
const CHAT =
  'M20 2H4c-1.1 0-2 .9-2 2v18l4-4h14c1.1 0 2-.9 2-2V4c0-1.1-.9-2-2-2zM6 9h12v2H6V9zm8 5H6v-2h8v2zm4-6H6V6h12v2z';
const SEND = 'M2.01 21 23 12 2.01 3 2 10l15 2-15 2z';
const HOOK =
  'M10 15l-3.59 3.59L5 17.17 8.59 13.6A4 4 0 1 1 12 9h2a6 6 0 1 0-4 6zm4-6a4 4 0 1 1 3.41 6.4L21 19l-1.41 1.41L16 16.83A6 6 0 0 1 14 11V9z';
const PHONE =
  'M17 1H7c-1.1 0-2 .9-2 2v18c0 1.1.9 2 2 2h10c1.1 0 2-.9 2-2V3c0-1.1-.9-2-2-2zm0 18H7V5h10v14z';
const CALL =
  'M6.62 10.79a15.05 15.05 0 0 0 6.59 6.59l2.2-2.2c.27-.27.67-.36 1.02-.24 1.12.37 2.33.57 3.57.57.55 0 1 .45 1 1V20c0 .55-.45 1-1 1C10.61 21 3 13.39 3 4c0-.55.45-1 1-1h3.5c.55 0 1 .45 1 1 0 1.25.2 2.45.57 3.57.11.35.03.74-.25 1.02l-2.2 2.2z';

const INFO: Record<NotificationChannelKind, Omit<ChannelKindInfo, 'kind'>> = {
  email: { label: 'Email', icon: MAIL },
  slack: { label: 'Slack', icon: CHAT },
  mattermost: { label: 'Mattermost', icon: CHAT },
  discord: { label: 'Discord', icon: CHAT },
  teams: { label: 'Microsoft Teams', icon: CHAT },
  telegram: { label: 'Telegram', icon: SEND },
  webhook: { label: 'Webhook', icon: HOOK },
  sms: { label: 'SMS', icon: PHONE },
  voice: { label: 'Voice call', icon: CALL },
};

/** Every kind, in the contracts' order, with its label and icon (the kind picker's options). */
export const CHANNEL_KINDS: readonly ChannelKindInfo[] = NOTIFICATION_CHANNEL_KINDS.map((kind) => ({
  kind,
  ...INFO[kind],
}));

export function kindInfo(kind: NotificationChannelKind): ChannelKindInfo {
  return { kind, ...INFO[kind] };
}

/** The chat services whose incoming webhook is the whole configuration. */
export const CHAT_KINDS: readonly NotificationChannelKind[] = [
  'slack',
  'mattermost',
  'discord',
  'teams',
];

/** Chat services whose webhook takes a channel override and a sender name. */
export const CHAT_KINDS_WITH_CHANNEL: readonly NotificationChannelKind[] = ['slack', 'mattermost'];

/** Which part of the form a kind fills in. */
export type KindSection = 'email' | 'chat' | 'telegram' | 'webhook' | 'sms';

export function sectionOf(kind: NotificationChannelKind): KindSection {
  if (CHAT_KINDS.includes(kind)) return 'chat';
  if (kind === 'voice') return 'sms';
  return kind as KindSection;
}
