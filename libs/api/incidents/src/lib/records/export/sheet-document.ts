/**
 * A document to export (the anomaly sheet, a post-mortem) as a small model that both the
 * Markdown and the PDF renderers walk, so the two always say the same thing in the same order.
 * Every string in it is plain user or server text: the renderers do all the escaping.
 */

export interface ExportField {
  label: string;
  /** Plain text, possibly several lines; null or empty is shown as "—". */
  value: string | null;
}

export type ExportBlock =
  /** Label: value lines. */
  | { kind: 'fields'; fields: ExportField[] }
  /** Paragraphs of free text (null or empty: "—"). */
  | { kind: 'text'; text: string | null }
  /** Verbatim text (a traceback), shown as code. */
  | { kind: 'code'; label: string; text: string }
  /** An ordered list; each item a main line and detail lines. */
  | { kind: 'numbered'; items: { text: string; details: ExportField[] }[] }
  /** A bulleted list of lines. */
  | { kind: 'bullets'; items: string[] }
  /** Check boxes. */
  | { kind: 'checklist'; items: { label: string; done: boolean; note: string | null }[] }
  /** Links (a file name and where the API serves it). */
  | { kind: 'links'; items: { text: string; href: string; note: string | null }[] }
  /** Dated lines (a timeline), oldest first. */
  | {
      kind: 'entries';
      items: { at: string; who: string | null; text: string; body: string | null }[];
    };

export interface ExportSection {
  title: string;
  blocks: ExportBlock[];
}

export interface ExportDocument {
  title: string;
  /** Shown under the title (e.g. "Exported 2025-01-10T10:00:00.000Z"). */
  subtitle: string | null;
  sections: ExportSection[];
}

/** "—" for what was not given. */
export const NONE = '—';

/** A value, or null when empty (so renderers show NONE). */
export const given = (value: string | null | undefined): string | null =>
  value === null || value === undefined || value.trim() === '' ? null : value;
