import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import { NOTIFICATION_CHANNEL_RULES } from '@hyperion/contracts';

import { headerProblem, parseRecipients } from './channel-form';

const URL_PATTERN = /^https?:\/\/[^\s/?#]+(?:[/?#]\S*)?$/i;
/** A user name or password before the host (the API refuses URLs with credentials). */
const URL_CREDENTIALS = /^https?:\/\/[^/?#]*@/i;
/** A Slack bot token as the API takes it (`xoxb-` and 10 to 250 letters, digits or dashes). */
export const SLACK_BOT_TOKEN = NOTIFICATION_CHANNEL_RULES.slackBotTokenPattern;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * An http(s) URL of at most the contracts' length, without credentials ('' passes: pair with
 * `required`).
 */
export const httpUrl: ValidatorFn = (control) => {
  const value = String(control.value ?? '').trim();
  if (value === '') return null;
  if (value.length > NOTIFICATION_CHANNEL_RULES.urlMaxLength) return { urlTooLong: true };
  if (!URL_PATTERN.test(value)) return { url: true };
  return URL_CREDENTIALS.test(value) ? { url: true, credentials: true } : null;
};

/** A TCP port, 1 to 65535. */
export const port: ValidatorFn = (control) => {
  const value = String(control.value ?? '').trim();
  if (value === '') return null;
  const n = Number(value);
  return /^\d+$/.test(value) && n >= 1 && n <= 65535 ? null : { port: true };
};

/** Email addresses separated by commas or spaces, at most the contracts' number. */
export const recipients: ValidatorFn = (control) => {
  const list = parseRecipients(String(control.value ?? ''));
  if (list.length > NOTIFICATION_CHANNEL_RULES.emailRecipientsMax) return { tooMany: true };
  const bad = list.find((address) => !EMAIL_PATTERN.test(address));
  return bad ? { recipient: bad } : null;
};

export const emailAddress: ValidatorFn = (control) => {
  const value = String(control.value ?? '').trim();
  return value === '' || EMAIL_PATTERN.test(value) ? null : { email: true };
};

/** `Name: value` lines. */
export const headerLines: ValidatorFn = (control) => {
  const problem = headerProblem(String(control.value ?? ''));
  return problem ? { headers: problem } : null;
};

export interface SecretRules {
  /** The API's masked value shown in the field (an edit): unchanged, it is valid as it is. */
  readonly masked?: unknown;
  readonly required?: boolean;
  /** The secret is a URL (a chat webhook). */
  readonly url?: boolean;
  readonly pattern?: RegExp;
}

/** A secret field: the masked value left alone keeps the stored secret, anything typed is checked. */
export function secretField(rules: SecretRules): ValidatorFn {
  return (control: AbstractControl): ValidationErrors | null => {
    const value = String(control.value ?? '');
    if (typeof rules.masked === 'string' && rules.masked !== '' && value === rules.masked) {
      return null;
    }
    const trimmed = value.trim();
    if (trimmed === '') {
      // On an edit an emptied secret is kept as it is: nothing is sent.
      return rules.required && !rules.masked ? { required: true } : null;
    }
    if (trimmed.length > NOTIFICATION_CHANNEL_RULES.secretMaxLength) return { secretTooLong: true };
    if (rules.url) return httpUrl(control);
    if (rules.pattern && !rules.pattern.test(trimmed)) return { pattern: true };
    return null;
  };
}

/** Required when the provider group's `type` is `type` (re-checked when the type changes). */
export function requiredFor(type: string): ValidatorFn {
  return (control) => {
    const chosen = control.parent?.get('type')?.value;
    return chosen === type && String(control.value ?? '').trim() === '' ? { required: true } : null;
  };
}

const stored = (masked: unknown): boolean => typeof masked === 'string' && masked !== '';

/**
 * A chat webhook URL (a secret, checked as `secretField` does): required, except for a Slack
 * channel with a bot token — typed in the sibling `botToken` field (enabled for Slack only) or
 * already stored. Re-check it when the bot token changes.
 */
export function chatWebhookUrl(masked: { webhookUrl?: unknown; botToken?: unknown }): ValidatorFn {
  const asSecret = secretField({ masked: masked.webhookUrl, url: true });
  return (control) => {
    const problem = asSecret(control);
    if (problem) return problem;
    if (String(control.value ?? '').trim() !== '' || stored(masked.webhookUrl)) return null;
    const bot = control.parent?.get('botToken');
    const withBot =
      !!bot && bot.enabled && (String(bot.value ?? '').trim() !== '' || stored(masked.botToken));
    return withBot ? null : { required: true };
  };
}
