import { BadRequestException } from '@nestjs/common';

import { compileMatchers, matcherFields, validateMatchers } from './matchers';

function errorOf(matchers: unknown): string {
  try {
    validateMatchers(matchers, 'matchers');
  } catch (e) {
    expect(e).toBeInstanceOf(BadRequestException);
    return (e as BadRequestException).message;
  }
  throw new Error('expected a 400');
}

const alert = {
  labels: { alertname: 'HighCPU', instance: 'web-1:9100', source: 'from-label' },
  severity: 'critical' as const,
  source: 'web-1',
  serviceName: 'Checkout',
  eventType: 'HighCPU',
  summary: 'CPU above 90 %',
};

describe('matcherFields', () => {
  it('adds severity, source, service, event_type and summary unless a label has the name', () => {
    expect(matcherFields(alert)).toEqual({
      alertname: 'HighCPU',
      instance: 'web-1:9100',
      source: 'from-label',
      severity: 'critical',
      service: 'Checkout',
      event_type: 'HighCPU',
      summary: 'CPU above 90 %',
    });
    expect(matcherFields({ ...alert, serviceName: null })).not.toHaveProperty('service');
  });
});

describe('compileMatchers', () => {
  const fields = matcherFields(alert);
  const matches = (matchers: Parameters<typeof compileMatchers>[0]) =>
    compileMatchers(matchers)(fields);

  it('needs every matcher to match', () => {
    expect(matches([])).toBe(true);
    expect(matches([{ name: 'severity', op: '=', value: 'critical' }])).toBe(true);
    expect(
      matches([
        { name: 'severity', op: '=', value: 'critical' },
        { name: 'service', op: '!=', value: 'Checkout' },
      ]),
    ).toBe(false);
  });

  it('anchors regexes like Alertmanager', () => {
    expect(matches([{ name: 'instance', op: '=~', value: 'web-\\d+:9100' }])).toBe(true);
    expect(matches([{ name: 'instance', op: '=~', value: 'web' }])).toBe(false);
    expect(matches([{ name: 'instance', op: '=~', value: 'web-1|db-1' }])).toBe(false);
    expect(matches([{ name: 'instance', op: '!~', value: 'db-.*' }])).toBe(true);
    expect(matches([{ name: 'alertname', op: '=~', value: '(?i)highcpu' }])).toBe(true);
  });

  it('reads a missing label as empty: != "" means present', () => {
    expect(matches([{ name: 'team', op: '=', value: '' }])).toBe(true);
    expect(matches([{ name: 'team', op: '!=', value: '' }])).toBe(false);
    expect(matches([{ name: 'instance', op: '!=', value: '' }])).toBe(true);
    expect(matches([{ name: 'constructor', op: '=~', value: '.+' }])).toBe(false);
  });

  it('matches nothing with a regex that no longer compiles', () => {
    expect(matches([{ name: 'instance', op: '!~', value: '(' }])).toBe(false);
  });
});

describe('validateMatchers', () => {
  it('returns clean matchers', () => {
    expect(
      validateMatchers(
        [{ name: 'severity', op: '=~', value: 'critical|high', extra: 1 }],
        'matchers',
      ),
    ).toEqual([{ name: 'severity', op: '=~', value: 'critical|high' }]);
  });

  it('names the matcher and explains the regex rules', () => {
    const cases: [unknown, string | RegExp][] = [
      [{}, 'matchers: must be an array of at most 20 matchers'],
      [
        Array(21).fill({ name: 'a', op: '=', value: '' }),
        'matchers: must be an array of at most 20 matchers',
      ],
      [[null], 'matchers[0]: must be a matcher { name, op, value }'],
      [[{ name: 'a-b', op: '=', value: 'x' }], /^matchers\[0\]\.name: must be a label name/],
      [[{ name: 'a', op: '==', value: 'x' }], 'matchers[0].op: must be one of = != =~ !~'],
      [
        [{ name: 'a', op: '=', value: 'x'.repeat(1025) }],
        'matchers[0].value: must be a string of at most 1024 characters',
      ],
      [
        [{ name: 'a', op: '=~', value: 'x'.repeat(257) }],
        'matchers[0].value: a regular expression of at most 256 characters',
      ],
      [
        [{ name: 'a', op: '=~', value: '(a' }],
        /^matchers\[0\]\.value: not a valid regular expression/,
      ],
      [
        [{ name: 'a', op: '=~', value: '(a)\\1' }],
        /^matchers\[0\]\.value: backreferences .* not allowed: keep to RE2 syntax/,
      ],
      [
        [{ name: 'a', op: '!~', value: 'foo(?!bar)' }],
        /^matchers\[0\]\.value: lookahead and lookbehind/,
      ],
      [[{ name: 'a', op: '=~', value: '(?<=x)y' }], /lookahead and lookbehind/],
      [
        [{ name: 'a', op: '=~', value: '(a+)+' }],
        /^matchers\[0\]\.value: nested quantifiers such as \(a\+\)\+ .* exponential time/,
      ],
      [[{ name: 'a', op: '=~', value: '((a*)b)*' }], /nested quantifiers/],
      [[{ name: 'a', op: '=~', value: '(x{1,5}){2,}' }], /nested quantifiers/],
    ];
    for (const [matchers, message] of cases) expect(errorOf(matchers)).toMatch(message);
  });

  it('accepts the usual RE2 patterns, with character classes not mistaken for groups', () => {
    for (const value of [
      '(a|b)+',
      '(?:web|db)-[0-9]+',
      '(ab)?c*',
      '[(+]+',
      '(x{2}){3}',
      '.*\\(a+\\)+',
    ])
      expect(validateMatchers([{ name: 'a', op: '=~', value }], 'm')).toHaveLength(1);
  });

  it('keeps a refused-before catastrophic pattern from ever running long', () => {
    // What the nested-quantifier rule prevents: this pattern takes seconds on 30 characters.
    expect(errorOf([{ name: 'a', op: '=~', value: '(a|aa)*(b+)+' }])).toMatch(/nested quantifiers/);
  });
});
