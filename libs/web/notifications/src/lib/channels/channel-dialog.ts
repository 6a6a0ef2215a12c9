import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormGroup, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type {
  CreateNotificationChannelDetailsRequest,
  NotificationChannelDetails,
  NotificationChannelKind,
} from '@hyperion/contracts';
import { NOTIFICATION_CHANNEL_RULES } from '@hyperion/contracts';
import { Autofocus, errorsAfterSubmit } from '@hyperion/web/ui';
import { busyFlag } from '@hyperion/web/util';
import { Observable, map, startWith } from 'rxjs';

import { CHANNEL_KINDS, CHAT_KINDS_WITH_CHANNEL, KindSection, sectionOf } from '../channel-kinds';
import type { UpdateNotificationChannelDetailsRequest } from '../notification-channel-api';
import { channelErrorMessage } from './channel-errors';
import {
  ChannelFormValue,
  ProviderFormValue,
  channelFormFrom,
  createChannelRequest,
  emptyChannelForm,
} from './channel-form';
import {
  RemovableSecret,
  removableSecrets,
  secretRemovalProblem,
  updateChannelRequest,
} from './channel-update';
import {
  SLACK_BOT_TOKEN,
  chatWebhookUrl,
  emailAddress,
  headerLines,
  httpUrl,
  port,
  recipients,
  requiredFor,
  secretField,
} from './channel-validators';

export interface ChannelDialogData {
  /** The channel to edit; null: a new one. */
  readonly channel: NotificationChannelDetails | null;
  readonly create: (
    request: CreateNotificationChannelDetailsRequest,
  ) => Observable<NotificationChannelDetails>;
  readonly update: (
    id: string,
    request: UpdateNotificationChannelDetailsRequest,
  ) => Observable<NotificationChannelDetails>;
}

const SECTIONS: readonly KindSection[] = ['email', 'chat', 'telegram', 'webhook', 'sms'];
/** A Telegram chat: its number (groups negative) or a public channel's `@name`. */
const CHAT_ID = /^(-?\d+|@[A-Za-z0-9_]{5,})$/;
/** `123456:ABC-def_…` */
const BOT_TOKEN = /^\d+:[A-Za-z0-9_-]+$/;
const TEXT_MAX = 256;
const VOICE_MESSAGE_MAX = 1000;

/** What each stored secret that may be forgotten is called, as the form shows it. */
const REMOVABLE_LABELS: Readonly<Record<RemovableSecret, string>> = {
  password: 'the stored SMTP password',
  botToken: 'the stored bot token',
  webhookUrl: 'the stored webhook URL',
  'primary.apiKey': "the primary provider's stored API key",
  'secondary.apiKey': "the secondary provider's stored API key",
  secondary: "the secondary provider's stored secrets",
};

/**
 * A new notification channel, or an existing one's settings: the name, the kind (chosen, never
 * pre-selected; fixed once created) and that kind's settings and secrets. Secrets of an existing
 * channel show masked as the API returns them; left untouched or emptied they are kept (only
 * retyped ones are sent), and the form says so. A stored optional secret (see RemovableSecret)
 * has "Remove" next to it: forgotten when the channel is saved (`removeSecrets`), undone with
 * "Keep". A channel whose secrets are unreadable (ENCRYPTION_KEY changed) says so, and asks for
 * every secret again, as a new channel does. Closes with the saved channel.
 */
@Component({
  selector: 'hyp-channel-dialog',
  imports: [
    Autofocus,
    MatButtonModule,
    MatCheckboxModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    ReactiveFormsModule,
  ],
  providers: [errorsAfterSubmit],
  templateUrl: './channel-dialog.html',
  styleUrl: '../dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChannelDialog {
  protected readonly data = inject<ChannelDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef =
    inject<MatDialogRef<ChannelDialog, NotificationChannelDetails | undefined>>(MatDialogRef);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly kinds = CHANNEL_KINDS;
  protected readonly nameHint = NOTIFICATION_CHANNEL_RULES.nameHint;
  protected readonly recipientsMax = NOTIFICATION_CHANNEL_RULES.emailRecipientsMax;
  protected readonly editing = this.data.channel !== null;
  /** The stored secrets cannot be decrypted: every one is typed again (the form asks as for a new channel). */
  protected readonly secretsUnreadable = this.data.channel?.secretsUnreadable === true;
  protected readonly bodyPlaceholder = '{"to": "{{to}}", "text": "{{text}}"}';
  protected readonly busy = busyFlag();
  protected readonly error = signal<string | null>(null);

  private readonly initial: ChannelFormValue = this.data.channel
    ? channelFormFrom(this.data.channel)
    : emptyChannelForm();
  private readonly masked = this.data.channel?.secrets ?? {};

  protected readonly form = this.buildForm();

  protected readonly kind = toSignal(
    this.form.controls.kind.valueChanges.pipe(startWith(this.form.controls.kind.value)),
    { requireSync: true },
  );
  protected readonly section = computed(() => {
    const kind = this.kind();
    return kind === '' ? null : sectionOf(kind);
  });
  protected readonly chatWithChannel = computed(() => {
    const kind = this.kind();
    return kind !== '' && CHAT_KINDS_WITH_CHANNEL.includes(kind);
  });
  /** Slack takes a bot token (direct messages) and its Web API base, the other chats not. */
  protected readonly slack = computed(() => this.kind() === 'slack');
  protected readonly webhookUrlRequired = computed(() =>
    this.slack()
      ? "The webhook's https:// URL, or a bot token below."
      : "The webhook's https:// URL.",
  );
  protected readonly useSecondary = toSignal(
    this.form.controls.sms.controls.useSecondary.valueChanges.pipe(
      startWith(this.initial.sms.useSecondary),
    ),
    { requireSync: true },
  );
  protected readonly primaryType = this.providerType('primary');
  protected readonly secondaryType = this.providerType('secondary');

  /** The stored secrets chosen to be forgotten when the channel is saved. */
  private readonly removing = signal<ReadonlySet<RemovableSecret>>(new Set());
  /** The whole form, as `save` reads it (updated on every change). */
  private readonly value = toSignal(
    this.form.valueChanges.pipe(
      startWith(null),
      map(() => this.currentValue()),
    ),
    { requireSync: true },
  );
  /** The stored secrets the form offers to forget, as it stands. */
  private readonly removable = computed(() =>
    this.data.channel ? removableSecrets(this.data.channel, this.value()) : [],
  );

  constructor() {
    // A secret no longer offered (failover back on, another provider type) is kept after all.
    effect(() => {
      const offered = this.removable();
      const gone = [...untracked(this.removing)].filter((name) => !offered.includes(name));
      if (gone.length > 0) untracked(() => gone.forEach((name) => this.toggleRemove(name)));
    });
    if (this.editing) {
      this.form.controls.kind.disable();
    }
    this.form.controls.kind.valueChanges
      .pipe(startWith(this.form.controls.kind.value), takeUntilDestroyed())
      .subscribe((kind) => this.showSection(kind));
    this.form.controls.sms.controls.useSecondary.valueChanges
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.showSection(this.form.controls.kind.getRawValue()));
    const chat = this.form.controls.chat.controls;
    chat.botToken.valueChanges
      .pipe(takeUntilDestroyed())
      .subscribe(() => chat.webhookUrl.updateValueAndValidity());
    for (const which of ['primary', 'secondary'] as const) {
      const group = this.form.controls.sms.controls[which];
      group.controls.type.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => {
        for (const name of ['url', 'accountSid', 'authToken', 'apiKey'] as const) {
          group.controls[name].updateValueAndValidity();
        }
      });
    }
  }

  protected kindLabel(kind: '' | NotificationChannelKind): string {
    return this.kinds.find((info) => info.kind === kind)?.label ?? '';
  }

  /** Whether `name` of the secrets still shows the masked value (the hint says it is kept). */
  protected isMasked(value: string, masked: unknown): boolean {
    return typeof masked === 'string' && masked !== '' && value === masked;
  }

  /** The field of a stored secret was emptied: the stored one is kept (nothing is sent). */
  protected isKeptEmpty(value: string, masked: unknown): boolean {
    return typeof masked === 'string' && masked !== '' && value.trim() === '';
  }

  protected maskedOf(path: string): unknown {
    return path
      .split('.')
      .reduce<unknown>(
        (node, key) =>
          typeof node === 'object' && node !== null
            ? (node as Record<string, unknown>)[key]
            : undefined,
        this.masked,
      );
  }

  /**
   * Whether the form offers to forget this stored secret: one it may forget as it stands (of
   * Slack's webhook URL and bot token, only while the other one stays), or one chosen already.
   */
  protected offers(name: RemovableSecret): boolean {
    const channel = this.data.channel;
    if (!channel || !this.removable().includes(name)) return false;
    return (
      this.isRemoving(name) ||
      secretRemovalProblem(channel, this.value(), [...this.removing(), name]) === null
    );
  }

  protected isRemoving(name: RemovableSecret): boolean {
    return this.removing().has(name);
  }

  protected apiKeyOf(which: string): RemovableSecret {
    return which === 'secondary' ? 'secondary.apiKey' : 'primary.apiKey';
  }

  protected removeLabel(name: RemovableSecret): string {
    return `${this.isRemoving(name) ? 'Keep' : 'Remove'} ${REMOVABLE_LABELS[name]}`;
  }

  /**
   * Remove / Keep. Removing empties the field (read-only meanwhile: nothing typed there is sent);
   * keeping shows the stored value masked again.
   */
  protected toggleRemove(name: RemovableSecret): void {
    const control = this.secretControl(name);
    const next = new Set(this.removing());
    if (next.has(name)) {
      next.delete(name);
      control?.setValue(String(this.maskedOf(name) ?? ''));
    } else {
      next.add(name);
      control?.setValue('');
    }
    this.removing.set(next);
    this.error.set(null);
  }

  protected save(): void {
    if (this.form.invalid || this.busy.active()) {
      return;
    }
    const value = this.currentValue();
    this.error.set(null);
    const channel = this.data.channel;
    let request: Observable<NotificationChannelDetails>;
    if (channel) {
      const remove = [...this.removing()];
      const problem = secretRemovalProblem(channel, value, remove);
      if (problem) {
        this.error.set(problem);
        return;
      }
      const change = updateChannelRequest(channel, value, remove);
      if (!change) {
        this.dialogRef.close(undefined);
        return;
      }
      request = this.data.update(channel.id, change);
    } else {
      request = this.data.create(createChannelRequest(value));
    }
    this.busy.track(request).subscribe({
      next: (saved) => this.dialogRef.close(saved),
      error: (error: unknown) =>
        this.error.set(
          channelErrorMessage(
            error,
            channel ? 'The channel could not be saved.' : 'The channel could not be created.',
            value.kind === '' ? undefined : value.kind,
          ),
        ),
    });
  }

  private currentValue(): ChannelFormValue {
    return { ...this.initial, ...this.form.getRawValue() };
  }

  /** The field of a stored secret that may be forgotten (none for a whole provider's secrets). */
  private secretControl(name: RemovableSecret) {
    const { email, chat, sms } = this.form.controls;
    switch (name) {
      case 'password':
        return email.controls.password;
      case 'botToken':
        return chat.controls.botToken;
      case 'webhookUrl':
        return chat.controls.webhookUrl;
      case 'primary.apiKey':
        return sms.controls.primary.controls.apiKey;
      case 'secondary.apiKey':
        return sms.controls.secondary.controls.apiKey;
      case 'secondary':
        return null;
    }
  }

  /** Only the chosen kind's fields are enabled: the others are neither validated nor sent. */
  private showSection(kind: '' | NotificationChannelKind): void {
    const active = kind === '' ? null : sectionOf(kind);
    for (const section of SECTIONS) {
      const group = this.form.controls[section] as FormGroup;
      if (section === active) group.enable({ emitEvent: false });
      else group.disable({ emitEvent: false });
    }
    const chat = this.form.controls.chat.controls;
    if (active === 'chat' && kind !== 'slack') {
      chat.botToken.disable({ emitEvent: false });
      chat.apiBaseUrl.disable({ emitEvent: false });
    }
    // Whether a bot token may stand in for the webhook URL depends on the kind.
    if (active === 'chat') chat.webhookUrl.updateValueAndValidity({ emitEvent: false });
    const sms = this.form.controls.sms.controls;
    if (active === 'sms' && !sms.useSecondary.value) sms.secondary.disable({ emitEvent: false });
    if (active === 'sms' && kind !== 'voice') sms.voiceMessage.disable({ emitEvent: false });
  }

  private providerType(which: 'primary' | 'secondary') {
    const control = this.form.controls.sms.controls[which].controls.type;
    return toSignal(control.valueChanges.pipe(startWith(control.value)), { requireSync: true });
  }

  private providerGroup(value: ProviderFormValue, masked: unknown) {
    const m = (typeof masked === 'object' && masked !== null ? masked : {}) as Record<
      string,
      unknown
    >;
    return this.fb.group({
      type: [value.type, Validators.required],
      url: [value.url, [requiredFor('json'), httpUrl]],
      accountSid: [
        value.accountSid,
        [requiredFor('twilio'), Validators.maxLength(64), Validators.pattern(/^[A-Za-z0-9]+$/)],
      ],
      from: [value.from, [Validators.required, Validators.maxLength(64)]],
      bodyTemplate: [
        value.bodyTemplate,
        Validators.maxLength(NOTIFICATION_CHANNEL_RULES.bodyMaxBytes),
      ],
      authToken: [
        value.authToken,
        [requiredFor('twilio'), secretField({ masked: m['authToken'] })],
      ],
      apiKey: [value.apiKey, secretField({ masked: m['apiKey'] })],
    });
  }

  private buildForm() {
    const v = this.initial;
    const masked = this.masked;
    const sms = (typeof masked['primary'] === 'object' ? masked : {}) as Record<string, unknown>;
    return this.fb.group({
      name: [
        v.name,
        [
          Validators.required,
          Validators.maxLength(NOTIFICATION_CHANNEL_RULES.nameMaxLength),
          Validators.pattern(NOTIFICATION_CHANNEL_RULES.namePattern),
        ],
      ],
      kind: [v.kind, Validators.required],
      email: this.fb.group({
        host: [v.email.host, [Validators.required, Validators.maxLength(253)]],
        port: [v.email.port, [Validators.required, port]],
        security: [v.email.security, Validators.required],
        username: [v.email.username, Validators.maxLength(TEXT_MAX)],
        password: [v.email.password, secretField({ masked: masked['password'] })],
        from: [v.email.from, [Validators.required, emailAddress, Validators.maxLength(320)]],
        to: [v.email.to, recipients],
      }),
      chat: this.fb.group({
        webhookUrl: [
          v.chat.webhookUrl,
          chatWebhookUrl({ webhookUrl: masked['webhookUrl'], botToken: masked['botToken'] }),
        ],
        channel: [v.chat.channel, Validators.maxLength(TEXT_MAX)],
        username: [v.chat.username, Validators.maxLength(TEXT_MAX)],
        botToken: [
          v.chat.botToken,
          secretField({ masked: masked['botToken'], pattern: SLACK_BOT_TOKEN }),
        ],
        apiBaseUrl: [v.chat.apiBaseUrl, httpUrl],
      }),
      telegram: this.fb.group({
        chatId: [v.telegram.chatId, [Validators.required, Validators.pattern(CHAT_ID)]],
        botToken: [
          v.telegram.botToken,
          secretField({ masked: masked['botToken'], required: true, pattern: BOT_TOKEN }),
        ],
        apiBaseUrl: [v.telegram.apiBaseUrl, httpUrl],
      }),
      webhook: this.fb.group({
        url: [v.webhook.url, [Validators.required, httpUrl]],
        signingSecret: [v.webhook.signingSecret, secretField({ masked: masked['signingSecret'] })],
        headers: [v.webhook.headers, headerLines],
      }),
      sms: this.fb.group({
        primary: this.providerGroup(v.sms.primary, sms['primary']),
        useSecondary: [v.sms.useSecondary],
        secondary: this.providerGroup(v.sms.secondary, sms['secondary']),
        voiceMessage: [v.sms.voiceMessage, Validators.maxLength(VOICE_MESSAGE_MAX)],
      }),
    });
  }
}
