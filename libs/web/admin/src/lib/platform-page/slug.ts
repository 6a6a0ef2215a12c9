import { ORGANIZATION_RULES } from '@hyperion/contracts';

/** The longest slug `ORGANIZATION_RULES.slugPattern` accepts. */
const SLUG_MAX_LENGTH = 48;

/**
 * A slug for an organisation's name, as the create form proposes it until the user edits the
 * slug: lower case, accents dropped, every other run of characters a single dash. Empty when the
 * name has no letter or digit. The result always satisfies `ORGANIZATION_RULES.slugPattern`.
 */
export function suggestSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/^-+|-+$/g, '');
  return ORGANIZATION_RULES.slugPattern.test(slug) ? slug : '';
}
