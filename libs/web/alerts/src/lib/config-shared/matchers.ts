import {
  AbstractControl,
  FormArray,
  FormControl,
  FormGroup,
  ValidatorFn,
  Validators,
} from '@angular/forms';
import type { LabelMatcher } from '@hyperion/contracts';
import { ALERT_RULES, SERVICE_RULES } from '@hyperion/contracts';

export type MatcherOp = LabelMatcher['op'];

export const MATCHER_OPS: readonly { op: MatcherOp; label: string }[] = [
  { op: '=', label: '= equals' },
  { op: '!=', label: '!= differs from' },
  { op: '=~', label: '=~ matches the pattern' },
  { op: '!~', label: '!~ does not match the pattern' },
];

export type MatcherGroup = FormGroup<{
  name: FormControl<string>;
  op: FormControl<MatcherOp>;
  value: FormControl<string>;
}>;
export type MatcherArray = FormArray<MatcherGroup>;

/** A regular expression the browser can compile (the API anchors it); a plain value passes. */
export const matcherPattern: ValidatorFn = (group: AbstractControl) => {
  const { op, value } = group.value as Partial<LabelMatcher>;
  if (op !== '=~' && op !== '!~') return null;
  try {
    new RegExp(`^(?:${value ?? ''})$`);
    return null;
  } catch {
    return { pattern: true };
  }
};

/** The matcher's field: a label name, or severity, source, service, event_type, summary. */
export const MATCHER_NAME_PATTERN = SERVICE_RULES.labelNamePattern;

export function matcherGroup(matcher?: LabelMatcher): MatcherGroup {
  return new FormGroup(
    {
      name: new FormControl(matcher?.name ?? '', {
        nonNullable: true,
        validators: [Validators.required, Validators.pattern(MATCHER_NAME_PATTERN)],
      }),
      op: new FormControl<MatcherOp>(matcher?.op ?? '=', { nonNullable: true }),
      value: new FormControl(matcher?.value ?? '', {
        nonNullable: true,
        validators: Validators.maxLength(ALERT_RULES.labelValueMax),
      }),
    },
    { validators: matcherPattern },
  );
}

/** At least `min` matchers, at most the contracts' maximum. */
export function matcherCount(min: number): ValidatorFn {
  return (control) => {
    const length = (control as FormArray).length;
    if (length < min) return { matchersMin: min };
    return length > ALERT_RULES.matchersMax ? { matchersMax: ALERT_RULES.matchersMax } : null;
  };
}

export function matcherArray(matchers: readonly LabelMatcher[], min = 0): MatcherArray {
  return new FormArray(
    matchers.map((matcher) => matcherGroup(matcher)),
    { validators: matcherCount(min) },
  );
}

/** The matchers as the API takes them (names trimmed; values as typed). */
export function matchersOf(array: MatcherArray): LabelMatcher[] {
  return array
    .getRawValue()
    .map((row) => ({ name: row.name.trim(), op: row.op, value: row.value }));
}

/** `severity="critical"`, `env=~"prod|staging"`: how Alertmanager writes them. */
export function matcherText(matcher: LabelMatcher): string {
  return `${matcher.name}${matcher.op}"${matcher.value}"`;
}

export function sameMatchers(a: readonly LabelMatcher[], b: readonly LabelMatcher[]): boolean {
  return (
    a.length === b.length &&
    a.every((m, i) => m.name === b[i].name && m.op === b[i].op && m.value === b[i].value)
  );
}
