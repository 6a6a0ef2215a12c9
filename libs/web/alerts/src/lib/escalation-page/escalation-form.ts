import {
  AbstractControl,
  FormArray,
  FormControl,
  FormGroup,
  ValidatorFn,
  Validators,
} from '@angular/forms';
import type {
  CreateEscalationPolicyRequest,
  EscalationLevel,
  EscalationPolicySummary,
  EscalationTarget,
  NotificationChannelKind,
  UpdateEscalationPolicyRequest,
} from '@hyperion/contracts';
import { ALERT_RULES, SERVICE_RULES } from '@hyperion/contracts';

import { listMax, wholeNumber } from '../config-shared/validators';

/** Longest wait before a level (a week), as the snooze. */
export const DELAY_MINUTES_MAX = ALERT_RULES.snoozeMinutesMax;

export type LevelGroup = FormGroup<{
  name: FormControl<string>;
  delayMinutes: FormControl<string>;
  targets: FormControl<EscalationTarget[]>;
  channelKinds: FormControl<NotificationChannelKind[]>;
}>;

/** A level reaches someone: at least one target or channel kind. */
const reachesSomeone: ValidatorFn = (group: AbstractControl) => {
  const { targets, channelKinds } = group.value as Partial<EscalationLevel>;
  return (targets?.length ?? 0) + (channelKinds?.length ?? 0) > 0 ? null : { nobody: true };
};

export function levelGroup(level?: EscalationLevel): LevelGroup {
  return new FormGroup(
    {
      name: new FormControl(level?.name ?? '', {
        nonNullable: true,
        validators: [
          Validators.required,
          Validators.maxLength(SERVICE_RULES.nameMaxLength),
          Validators.pattern(SERVICE_RULES.namePattern),
        ],
      }),
      delayMinutes: new FormControl(String(level?.delayMinutes ?? ''), {
        nonNullable: true,
        validators: [Validators.required, wholeNumber(0, DELAY_MINUTES_MAX)],
      }),
      targets: new FormControl<EscalationTarget[]>([...(level?.targets ?? [])], {
        nonNullable: true,
        validators: listMax(ALERT_RULES.targetsMax),
      }),
      channelKinds: new FormControl<NotificationChannelKind[]>([...(level?.channelKinds ?? [])], {
        nonNullable: true,
      }),
    },
    { validators: reachesSomeone },
  );
}

/** 1 to levelsMax levels, each waiting longer than the one before. */
const levelsValid: ValidatorFn = (control) => {
  const levels = (control as FormArray<LevelGroup>).getRawValue();
  if (levels.length === 0) return { levelsMin: true };
  if (levels.length > ALERT_RULES.levelsMax) return { levelsMax: ALERT_RULES.levelsMax };
  const delays = levels.map((level) => Number(level.delayMinutes));
  for (let i = 1; i < delays.length; i++) {
    if (
      Number.isFinite(delays[i]) &&
      Number.isFinite(delays[i - 1]) &&
      delays[i] <= delays[i - 1]
    ) {
      return { increasing: i + 1 };
    }
  }
  return null;
};

export function levelArray(levels: readonly EscalationLevel[]): FormArray<LevelGroup> {
  return new FormArray(
    levels.map((level) => levelGroup(level)),
    { validators: levelsValid },
  );
}

export function levelsOf(array: FormArray<LevelGroup>): EscalationLevel[] {
  return array.getRawValue().map((level) => ({
    name: level.name.trim(),
    delayMinutes: Number(level.delayMinutes),
    targets: level.targets.map((t) => ({ type: t.type, id: t.id })),
    channelKinds: [...level.channelKinds],
  }));
}

export interface PolicyFormValue {
  name: string;
  description: string;
  isDefault: boolean;
  repeat: string;
  levels: EscalationLevel[];
}

export function createPolicyRequest(value: PolicyFormValue): CreateEscalationPolicyRequest {
  const request: CreateEscalationPolicyRequest = {
    name: value.name.trim(),
    isDefault: value.isDefault,
    repeat: Number(value.repeat),
    levels: value.levels,
  };
  const description = value.description.trim();
  if (description) request.description = description;
  return request;
}

/** Only what changed (the levels whole); null when nothing did. */
export function updatePolicyRequest(
  policy: EscalationPolicySummary,
  value: PolicyFormValue,
): UpdateEscalationPolicyRequest | null {
  const next = createPolicyRequest(value);
  const request: UpdateEscalationPolicyRequest = {};
  if (next.name !== policy.name) request.name = next.name;
  if ((next.description ?? '') !== policy.description) request.description = next.description ?? '';
  if (next.isDefault !== policy.isDefault) request.isDefault = next.isDefault;
  if (next.repeat !== policy.repeat) request.repeat = next.repeat;
  const before = policy.levels.map((level) => ({
    name: level.name,
    delayMinutes: level.delayMinutes,
    targets: level.targets.map((t) => ({ type: t.type, id: t.id })),
    channelKinds: [...level.channelKinds],
  }));
  if (JSON.stringify(next.levels) !== JSON.stringify(before)) request.levels = next.levels;
  return Object.keys(request).length > 0 ? request : null;
}
