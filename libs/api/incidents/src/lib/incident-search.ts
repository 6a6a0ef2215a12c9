/**
 * The full-text document of an incident, in English and in French (the sheet is written in
 * either): title (weight A), error type text and the behaviours (B), description (B), analysis
 * (C). A trigger stores it in `search_vector` on every write (the migration builds the trigger
 * from INCIDENT_SEARCH_DOCUMENT), with a GIN index on that column: a search reads the stored
 * vector, never recomputes it per row, and the planner has its statistics to choose the index
 * for a rare word.
 */
function document(config: 'english' | 'french', row: string): string {
  const col = (name: string) => `${row}"${name}"`;
  const text = (sql: string, weight: 'A' | 'B' | 'C') =>
    `setweight(to_tsvector('${config}'::regconfig, ${sql}), '${weight}')`;
  return [
    text(`coalesce(${col('title')}, '')`, 'A'),
    text(
      `coalesce(${col('error_type_other')}, '') || ' ' || coalesce(${col('observed_behaviour')}, '') || ' ' || coalesce(${col('expected_behaviour')}, '')`,
      'B',
    ),
    text(`coalesce(${col('description')}, '')`, 'B'),
    text(
      `coalesce(${col('analysis')}->>'failingComponent', '') || ' ' || coalesce(${col('analysis')}->>'probableCause', '') || ' ' || coalesce(${col('analysis')}->>'userImpact', '')`,
      'C',
    ),
  ].join(' || ');
}

/** The document of the row `row` names (`NEW.` in the trigger, '' for the table's own columns). */
export const incidentSearchDocument = (row = '') =>
  `(${document('english', row)} || ${document('french', row)})`;

/** The query of a search text `$n` (English or French stemming, web-search syntax). */
export const incidentSearchQuery = (param: string) =>
  `(websearch_to_tsquery('english'::regconfig, ${param}) || websearch_to_tsquery('french'::regconfig, ${param}))`;
