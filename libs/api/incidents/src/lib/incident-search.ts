/**
 * The full-text document of an incident, in English and in French (the sheet is written in
 * either): title (weight A), error type text and the behaviours (B), description (B), analysis
 * (C). The migration indexes exactly this expression (GIN, `incident_search_idx`) and the list
 * query matches it, so PostgreSQL uses the index: keep them one string. Columns are unqualified:
 * the list query reads `incident` alone.
 */
function document(config: 'english' | 'french'): string {
  const text = (sql: string, weight: 'A' | 'B' | 'C') =>
    `setweight(to_tsvector('${config}'::regconfig, ${sql}), '${weight}')`;
  return [
    text(`coalesce("title", '')`, 'A'),
    text(
      `coalesce("error_type_other", '') || ' ' || coalesce("observed_behaviour", '') || ' ' || coalesce("expected_behaviour", '')`,
      'B',
    ),
    text(`coalesce("description", '')`, 'B'),
    text(
      `coalesce("analysis"->>'failingComponent', '') || ' ' || coalesce("analysis"->>'probableCause', '') || ' ' || coalesce("analysis"->>'userImpact', '')`,
      'C',
    ),
  ].join(' || ');
}

export const INCIDENT_SEARCH_VECTOR = `(${document('english')} || ${document('french')})`;

/** The query of a search text `$n` (English or French stemming, web-search syntax). */
export const incidentSearchQuery = (param: string) =>
  `(websearch_to_tsquery('english'::regconfig, ${param}) || websearch_to_tsquery('french'::regconfig, ${param}))`;
