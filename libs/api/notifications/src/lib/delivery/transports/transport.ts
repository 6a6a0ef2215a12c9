import type {
  ChannelConfigByKind,
  ChannelSecretsByKind,
  NotificationChannelKind,
  NotificationMessage,
} from '@hyperion/contracts';

/**
 * The contract between the delivery pipeline (queue, attempts, receipts) and the code that
 * talks to a provider. A transport renders the message in its kind's format and sends it once;
 * it never retries (the pipeline does, with the same idempotency key) and never throws for a
 * delivery failure: it reports it in the outcome.
 */
export interface SendRequest<K extends NotificationChannelKind = NotificationChannelKind> {
  kind: K;
  config: ChannelConfigByKind[K];
  /** Decrypted. */
  secrets: ChannelSecretsByKind[K];
  /** Email address / E.164 phone / chat id; null: the channel's own default (webhook, Slack ...). */
  recipient: string | null;
  message: NotificationMessage;
  /** The same on every attempt of one delivery. */
  idempotencyKey: string;
  /** 1-based. */
  attempt: number;
  /** Aborts the outbound call (the pipeline's timeout, shutdown). */
  signal: AbortSignal;
}

/** What one provider said (SMS/voice with failover report two). */
export interface ProviderReceipt {
  /** `primary` / `secondary` for SMS and voice; the kind otherwise. */
  provider: string;
  ok: boolean;
  httpStatus?: number;
  smtpResponse?: string;
  latencyMs: number;
  error?: string;
}

export interface SendOutcome {
  ok: boolean;
  /**
   * false when trying again cannot help (4xx other than 408/429, refused address, bad
   * configuration): the pipeline then fails the delivery without more attempts.
   */
  retryable: boolean;
  /** In the order tried. At least one. */
  receipts: ProviderReceipt[];
}

export interface Transport<K extends NotificationChannelKind = NotificationChannelKind> {
  readonly kinds: readonly K[];
  send(request: SendRequest<K>): Promise<SendOutcome>;
}

/** Nest token of the `Transport[]` the pipeline picks from by kind. */
export const NOTIFICATION_TRANSPORTS = 'hyperion:notification-transports';
