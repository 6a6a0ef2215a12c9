import {
  NOTIFICATION_CHANNEL_KINDS,
  NOTIFICATION_CHANNEL_RULES,
  ON_CALL_RULES,
} from '@hyperion/contracts';
import { ValidateBy, ValidationOptions } from 'class-validator';

/** One line, without leading or trailing spaces (as notification channels' names). */
export const NAME_PATTERN = NOTIFICATION_CHANNEL_RULES.namePattern;

export const HANDLE_MAX_LENGTH = ON_CALL_RULES.handleMax;
export const DESCRIPTION_MAX_LENGTH = ON_CALL_RULES.descriptionMax;

/** `{ <channel kind>: <handle> }`: known kinds only, each a non-empty string of at most 256 characters. */
export function IsHandles(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isHandles',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.entries(value).every(
            ([kind, handle]) =>
              (NOTIFICATION_CHANNEL_KINDS as readonly string[]).includes(kind) &&
              typeof handle === 'string' &&
              handle.length > 0 &&
              handle.length <= HANDLE_MAX_LENGTH,
          ),
        defaultMessage: () =>
          `handles: an object of channel kind (${NOTIFICATION_CHANNEL_KINDS.join(', ')}) to a handle of 1 to ${HANDLE_MAX_LENGTH} characters`,
      },
    },
    options,
  );
}
