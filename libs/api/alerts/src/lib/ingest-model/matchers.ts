import type { AlertSeverity, LabelMatcher } from '@hyperion/contracts';
import { ALERT_RULES, MATCHER_FIELDS_HINT } from '@hyperion/contracts';

import { LABEL_NAME_PATTERN } from './alertmanager';
import { charLength, fail, hasNul, isRecord, own } from './ingest-fields';

const OPS: readonly LabelMatcher['op'][] = ['=', '!=', '=~', '!~'];
export const MATCHER_REGEX_MAX = 256;
/** RE2's `(?i)` at the very start, the one inline flag kept (as the `i` flag). */
const CASE_INSENSITIVE = '(?i)';

/**
 * Checks label matchers (silences, routing rules) and returns them clean; throws
 * BadRequestException naming `${field}[i].name` and the like.
 */
export function validateMatchers(matchers: unknown, field: string): LabelMatcher[] {
  if (!Array.isArray(matchers) || matchers.length > ALERT_RULES.matchersMax)
    fail(field, `must be an array of at most ${ALERT_RULES.matchersMax} matchers`);
  return matchers.map((raw, i) => {
    const at = `${field}[${i}]`;
    if (!isRecord(raw)) fail(at, 'must be a matcher { name, op, value }');
    const name = own(raw, 'name');
    if (typeof name !== 'string' || !LABEL_NAME_PATTERN.test(name) || name.length > 255)
      fail(`${at}.name`, `must be ${MATCHER_FIELDS_HINT} ([a-zA-Z_][a-zA-Z0-9_]*)`);
    const op = own(raw, 'op');
    if (typeof op !== 'string' || !(OPS as readonly string[]).includes(op))
      fail(`${at}.op`, `must be one of ${OPS.join(' ')}`);
    const value = own(raw, 'value');
    if (typeof value !== 'string' || charLength(value) > ALERT_RULES.labelValueMax || hasNul(value))
      fail(`${at}.value`, `must be a string of at most ${ALERT_RULES.labelValueMax} characters`);
    if (op === '=~' || op === '!~') {
      const problem = regexProblem(value);
      if (problem) fail(`${at}.value`, problem);
    }
    return { name, op: op as LabelMatcher['op'], value };
  });
}

/**
 * Why a matcher regex is refused, or null. Kept to RE2-like syntax (what Alertmanager accepts),
 * and to patterns that run in linear-ish time: no backreferences, no lookaround, no repeated group
 * that itself repeats (`(a+)+` takes exponential time on a near-miss).
 */
export function regexProblem(value: string): string | null {
  if (value.length > MATCHER_REGEX_MAX)
    return `a regular expression of at most ${MATCHER_REGEX_MAX} characters`;
  const source = value.startsWith(CASE_INSENSITIVE) ? value.slice(CASE_INSENSITIVE.length) : value;
  const syntax = unsafeSyntax(source);
  if (syntax) return syntax;
  try {
    new RegExp(`^(?:${source})$`);
  } catch (e) {
    return `not a valid regular expression (${(e as Error).message.replace(/^Invalid regular expression: /, '')})`;
  }
  return null;
}

interface Group {
  /** It contains an open-ended repetition (`*`, `+`, `{n,}`, `{n,m}` with n < m, m > 1). */
  repeats: boolean;
}

/** Scans the pattern once: refused constructs, and a repeating quantifier on a repeating group. */
function unsafeSyntax(source: string): string | null {
  const stack: Group[] = [{ repeats: false }];
  let i = 0;
  let lastGroupRepeats = false;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k')
        return 'backreferences (\\1, \\k<name>) are not allowed: keep to RE2 syntax as Alertmanager does';
      i += 2;
      lastGroupRepeats = false;
      continue;
    }
    if (c === '[') {
      // Skip the character class (escapes inside included).
      i++;
      if (source[i] === '^') i++;
      if (source[i] === ']') i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
      lastGroupRepeats = false;
      continue;
    }
    if (c === '(') {
      if (/^\(\?<?[=!]/.test(source.slice(i, i + 4)))
        return 'lookahead and lookbehind ((?=, (?!, (?<=, (?<!) are not allowed: keep to RE2 syntax as Alertmanager does';
      stack.push({ repeats: false });
      i++;
      lastGroupRepeats = false;
      continue;
    }
    if (c === ')') {
      const group = stack.length > 1 ? stack.pop() : undefined;
      lastGroupRepeats = group?.repeats ?? false;
      if (group?.repeats) stack[stack.length - 1].repeats = true;
      i++;
      continue;
    }
    const quantifier = quantifierAt(source, i);
    if (quantifier) {
      if (quantifier.repeats) {
        if (lastGroupRepeats)
          return 'nested quantifiers such as (a+)+ or (a*){2,} are not allowed: they can take exponential time; repeat the inner part only';
        if (quantifier.variable) stack[stack.length - 1].repeats = true;
      }
      i += quantifier.length;
      // A lazy or possessive-looking suffix belongs to the quantifier.
      if (source[i] === '?') i++;
      lastGroupRepeats = false;
      continue;
    }
    i++;
    lastGroupRepeats = false;
  }
  return null;
}

/** `repeats`: may match more than once; `variable`: how many times is open (`+`, `{2,5}`). */
function quantifierAt(
  source: string,
  i: number,
): { length: number; repeats: boolean; variable: boolean } | null {
  const c = source[i];
  if (c === '*' || c === '+') return { length: 1, repeats: true, variable: true };
  if (c === '?') return { length: 1, repeats: false, variable: true };
  if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i, i + 16));
    if (!m) return null;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    return { length: m[0].length, repeats: max > 1, variable: max !== min };
  }
  return null;
}

type CompiledMatcher = (fields: Record<string, string>) => boolean;

/**
 * One predicate for matchers that must all match; regexes are anchored (`^(?:…)$`) like
 * Alertmanager's, and a missing label is the empty string (`foo!=""` means "foo is set").
 * A matcher that no longer compiles matches nothing (it can only have come from old data).
 */
export function compileMatchers(
  matchers: LabelMatcher[],
): (fields: Record<string, string>) => boolean {
  const compiled = matchers.map(compileOne);
  const n = compiled.length;
  return (fields) => {
    for (let i = 0; i < n; i++) if (!compiled[i](fields)) return false;
    return true;
  };
}

const hasOwn = Object.prototype.hasOwnProperty;

function compileOne(m: LabelMatcher): CompiledMatcher {
  const { name, value } = m;
  const read = (fields: Record<string, string>): string =>
    hasOwn.call(fields, name) ? fields[name] : '';
  switch (m.op) {
    case '=':
      return (fields) => read(fields) === value;
    case '!=':
      return (fields) => read(fields) !== value;
    case '=~':
    case '!~': {
      const insensitive = value.startsWith(CASE_INSENSITIVE);
      const source = insensitive ? value.slice(CASE_INSENSITIVE.length) : value;
      let re: RegExp;
      try {
        re = new RegExp(`^(?:${source})$`, insensitive ? 'i' : '');
      } catch {
        return () => false;
      }
      return m.op === '=~' ? (fields) => re.test(read(fields)) : (fields) => !re.test(read(fields));
    }
    default:
      return () => false;
  }
}

/**
 * What matchers look at: the alert's labels, plus `severity`, `source`, `service`, `event_type`
 * and `summary` where no label of that name exists.
 */
export function matcherFields(alert: {
  labels: Record<string, string>;
  severity: AlertSeverity;
  source: string;
  serviceName: string | null;
  eventType: string;
  summary: string;
}): Record<string, string> {
  const fields: Record<string, string> = { ...alert.labels };
  const add = (name: string, value: string | null): void => {
    if (value !== null && !hasOwn.call(fields, name)) fields[name] = value;
  };
  add('severity', alert.severity);
  add('source', alert.source);
  add('service', alert.serviceName);
  add('event_type', alert.eventType);
  add('summary', alert.summary);
  return fields;
}
