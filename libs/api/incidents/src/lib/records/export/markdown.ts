import { ExportBlock, ExportDocument, ExportField, NONE } from './sheet-document';

/*
 * Markdown from user text: nothing a user writes may change the document's structure (start a
 * heading, a list, a quote, a code block, a table, a link, raw HTML, or end a code block).
 */

// Characters that mean something anywhere in a line (emphasis, code, links, raw HTML, entities,
// tables, strikethrough, headings' closing hashes). A backslash before any ASCII punctuation
// character is a literal in CommonMark, so the escaped text reads back exactly as written.
const INLINE_SPECIAL = /[\\`*_[\]<>#|~&]/g;

/** One line of user text as inline Markdown (line breaks become spaces). */
export function escapeInline(text: string): string {
  return text
    .replace(/[\r\n\t\v\f]+/g, ' ')
    .replace(INLINE_SPECIAL, '\\$&')
    .trim();
}

/**
 * What only means something at the start of a line: a bullet or a setext underline (`-`, `+`,
 * `=`), an ordered list (`1.`, `1)`). (`#`, `>` and `*` are escaped everywhere.)
 */
function escapeLineStart(line: string): string {
  return line.replace(/^[-+=]/, '\\$&').replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * User text of any number of lines as Markdown lines: each line escaped; line breaks kept as hard
 * breaks; blank lines kept as paragraph breaks only when `paragraphs` (not inside a list item).
 * Leading spaces are dropped (four would start a code block). `afterMarker`: the first line
 * follows a list marker or a label, where `1.` or `-` mean nothing.
 */
export function escapeLines(text: string, paragraphs: boolean, afterMarker = false): string[] {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line, i) =>
      afterMarker && i === 0 ? escapeInline(line) : escapeLineStart(escapeInline(line)),
    );
  const out: string[] = [];
  for (const line of lines) {
    if (line === '') {
      if (paragraphs && out.length > 0 && out[out.length - 1] !== '') out.push('');
      continue;
    }
    // A backslash at the end of a line is a hard break in CommonMark.
    if (out.length > 0 && out[out.length - 1] !== '') out[out.length - 1] += '\\';
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

/** A fenced code block that no content can close: the fence is longer than any run of backticks. */
export function fenced(text: string, indent = ''): string[] {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const body = text.replace(/\r\n?/g, '\n').split('\n');
  return [`${indent}${fence}text`, ...body.map((l) => `${indent}${l}`), `${indent}${fence}`];
}

const INDENT = '  ';

/** `- **Label:** value`, a value of several lines continuing indented under it. */
function fieldLines(field: ExportField): string[] {
  const label = `- **${escapeInline(field.label)}:**`;
  const value = field.value === null || field.value.trim() === '' ? null : field.value;
  if (value === null) return [`${label} ${NONE}`];
  const [first, ...rest] = escapeLines(value, false, true);
  return [`${label} ${first ?? NONE}`, ...rest.map((l) => `${INDENT}${l}`)];
}

/** A link target: the API paths are ours (ids only), angle brackets keep any of them whole. */
const linkTarget = (href: string) => `<${href.replace(/[<>\s\\]/g, encodeURIComponent)}>`;

function blockLines(block: ExportBlock): string[] {
  switch (block.kind) {
    case 'fields':
      return block.fields.flatMap(fieldLines);
    case 'text':
      return block.text === null || block.text.trim() === ''
        ? [NONE]
        : escapeLines(block.text, true);
    case 'code':
      return [`**${escapeInline(block.label)}:**`, '', ...fenced(block.text)];
    case 'numbered':
      if (block.items.length === 0) return [NONE];
      return block.items.flatMap((item, i) => {
        const marker = `${i + 1}. `;
        const pad = ' '.repeat(marker.length);
        const [first, ...rest] = escapeLines(item.text, false);
        return [
          `${marker}${first ?? NONE}`,
          ...rest.map((l) => `${pad}${l}`),
          ...item.details.flatMap(fieldLines).map((l) => `${pad}${l}`),
        ];
      });
    case 'bullets':
      return block.items.length === 0
        ? [NONE]
        : block.items.map((item) => `- ${escapeLineStart(escapeInline(item))}`);
    case 'checklist':
      return block.items.map(
        (item) =>
          `- [${item.done ? 'x' : ' '}] ${escapeInline(item.label)}${
            item.note ? ` (${escapeInline(item.note)})` : ''
          }`,
      );
    case 'links':
      return block.items.length === 0
        ? [NONE]
        : block.items.map(
            (item) =>
              `- [${escapeInline(item.text)}](${linkTarget(item.href)})${
                item.note ? ` ${escapeInline(item.note)}` : ''
              }`,
          );
    case 'entries':
      return block.items.length === 0
        ? [NONE]
        : block.items.flatMap((item) => {
            const head = `- **${escapeInline(item.at)}**${
              item.who ? ` ${escapeInline(item.who)}:` : ''
            } ${escapeInline(item.text)}`;
            const body = item.body ? escapeLines(item.body, false).map((l) => `${INDENT}${l}`) : [];
            // The body as a hard-broken continuation of the item.
            return body.length > 0 ? [`${head}\\`, ...body] : [head];
          });
  }
}

/** The document as CommonMark (GitHub-flavoured check boxes), ending with a newline. */
export function toMarkdown(doc: ExportDocument): string {
  const lines: string[] = [`# ${escapeInline(doc.title)}`, ''];
  if (doc.subtitle) lines.push(`_${escapeInline(doc.subtitle)}_`, '');
  for (const section of doc.sections) {
    lines.push(`## ${escapeInline(section.title)}`, '');
    for (const block of section.blocks) {
      lines.push(...blockLines(block), '');
    }
  }
  while (lines[lines.length - 1] === '') lines.pop();
  return `${lines.join('\n')}\n`;
}
