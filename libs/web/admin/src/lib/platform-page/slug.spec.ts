import { ORGANIZATION_RULES } from '@hyperion/contracts';

import { suggestSlug } from './slug';

describe('suggestSlug', () => {
  it('turns a name into lower-case words joined by single dashes', () => {
    expect(suggestSlug('Beta')).toBe('beta');
    expect(suggestSlug('  ACME Corp. — Ops & On-call  ')).toBe('acme-corp-ops-on-call');
    expect(suggestSlug('Zürich Région 2')).toBe('zurich-region-2');
  });

  it('stays within the rules: at most 48 characters, no dash at either end', () => {
    const long = suggestSlug(`${'a'.repeat(47)} b c`);

    expect(long).toBe('a'.repeat(47));
    expect(suggestSlug('x'.repeat(60))).toHaveLength(48);
    for (const name of ['-Beta-', 'a b', '東京', '!!!', 'Ops 24/7']) {
      const slug = suggestSlug(name);
      expect(slug === '' || ORGANIZATION_RULES.slugPattern.test(slug)).toBe(true);
    }
  });

  it('proposes nothing for a name without letters or digits', () => {
    expect(suggestSlug('東京')).toBe('');
    expect(suggestSlug('  -- ')).toBe('');
  });
});
