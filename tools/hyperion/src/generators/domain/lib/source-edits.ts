/**
 * Small, checked edits of the TypeScript files a new domain registers in (apps/api's DOMAINS,
 * apps/web's CONSOLE_MODULES, the contracts' AUDIT_ACTIONS ...). Each finds one named literal
 * and appends to it; when the literal is not there it throws, naming the file and what it
 * looked for, rather than guessing. Prettier tidies the result afterwards.
 */

interface LiteralSpan {
  /** Index of the opening bracket. */
  open: number;
  /** Index of the matching closing bracket. */
  close: number;
  /** Index of the last character of code (not space, not comment) before `close`. */
  lastCode: number;
}

const CLOSING: Record<string, string> = { '[': ']', '{': '}', '(': ')' };

/** Index just past the string, template or comment starting at `i`, or `i` when none does. */
function skipNonCode(source: string, i: number): number {
  const c = source[i];
  if (c === '/' && source[i + 1] === '/') {
    const end = source.indexOf('\n', i);
    return end === -1 ? source.length : end;
  }
  if (c === '/' && source[i + 1] === '*') {
    const end = source.indexOf('*/', i + 2);
    return end === -1 ? source.length : end + 2;
  }
  if (c === "'" || c === '"' || c === '`') {
    let j = i + 1;
    while (j < source.length && source[j] !== c) {
      j += source[j] === '\\' ? 2 : 1;
    }
    return j + 1;
  }
  return i;
}

/** The bracketed literal opening at `open` (strings and comments inside are skipped). */
function spanFrom(source: string, open: number): LiteralSpan {
  const stack: string[] = [];
  let lastCode = open;
  let i = open;
  while (i < source.length) {
    const skipped = skipNonCode(source, i);
    if (skipped !== i) {
      // A string counts as code; a comment does not.
      if (source[i] !== '/') lastCode = skipped - 1;
      i = skipped;
      continue;
    }
    const c = source[i];
    if (c in CLOSING) {
      stack.push(CLOSING[c]);
    } else if (c === ']' || c === '}' || c === ')') {
      if (stack.pop() !== c) throw new Error(`Unbalanced "${c}" at offset ${i}`);
      if (stack.length === 0) return { open, close: i, lastCode };
    }
    if (!/\s/.test(c)) lastCode = i;
    i++;
  }
  throw new Error(`Unterminated literal opening at offset ${open}`);
}

/**
 * The literal assigned to `const <name>` (`const NAME = [`, `const NAME: T[] = [`,
 * `const NAME = {` ...), or null when the file declares no such constant.
 */
export function findConstLiteral(
  source: string,
  name: string,
  bracket: '[' | '{',
): LiteralSpan | null {
  const declaration = new RegExp(`\\bconst\\s+${name}\\b[^=]*=\\s*`, 'g');
  const match = declaration.exec(source);
  if (!match) return null;
  const open = match.index + match[0].length;
  if (source[open] !== bracket) return null;
  return spanFrom(source, open);
}

/** Appends `entries` (source text, without trailing commas) at the end of a literal. */
function appendEntries(source: string, span: LiteralSpan, entries: readonly string[]): string {
  const needsComma = span.lastCode !== span.open && source[span.lastCode] !== ',';
  const head = source.slice(0, span.lastCode + 1) + (needsComma ? ',' : '');
  const between = source.slice(span.lastCode + 1, span.close).replace(/\s+$/, '');
  const added = entries.map((entry) => `\n${entry},`).join('');
  return `${head}${between}${added}\n${source.slice(span.close)}`;
}

/**
 * Appends `entries` to the array literal of `const <name>`. Entries already present (same
 * text) are not added twice. Throws when the constant is not an array literal in `file`.
 */
export function appendToConstArray(
  source: string,
  file: string,
  name: string,
  entries: readonly string[],
): string {
  const span = findConstLiteral(source, name, '[');
  if (!span) {
    throw new Error(`${file}: expected \`const ${name} = [...]\` to append to; not found.`);
  }
  const body = source.slice(span.open, span.close);
  const missing = entries.filter((entry) => !containsEntry(body, entry));
  return missing.length === 0 ? source : appendEntries(source, span, missing);
}

/** Adds `key: value` to the object literal of `const <name>` (unless the key is there). */
export function addToConstObject(
  source: string,
  file: string,
  name: string,
  key: string,
  value: string,
): string {
  const span = findConstLiteral(source, name, '{');
  if (!span) {
    throw new Error(`${file}: expected \`const ${name} = {...}\` to add to; not found.`);
  }
  const body = source.slice(span.open, span.close);
  if (new RegExp(`[{,\\s]${key}\\s*:`).test(body)) return source;
  return appendEntries(source, span, [`${key}: ${value}`]);
}

function containsEntry(body: string, entry: string): boolean {
  const squash = (text: string) => text.replace(/\s+/g, '');
  return squash(body).includes(squash(entry));
}

/**
 * Adds an import statement after the file's last import (Prettier's organize-imports plugin
 * sorts it into place). Does nothing when the same statement is already there.
 */
export function addImport(source: string, statement: string): string {
  if (source.includes(statement)) return source;
  // A name from a module imported already joins that import (one import per module).
  const wanted = /^import \{ (\w+) \} from '([^']+)';$/.exec(statement);
  if (wanted) {
    const [, name, from] = wanted;
    const existing = new RegExp(
      `^import \\{([^}]*)\\} from '${from.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}';$`,
      'm',
    );
    const found = existing.exec(source);
    if (found) {
      const names = found[1]
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean);
      if (names.includes(name)) return source;
      const merged = [...names, name].sort((a, b) => a.localeCompare(b));
      return source.replace(found[0], `import { ${merged.join(', ')} } from '${from}';`);
    }
  }
  const imports = [...source.matchAll(/^import\s[^;]*;[^\n]*$/gm)];
  const last = imports.at(-1);
  if (!last || last.index === undefined) return `${statement}\n${source}`;
  const end = last.index + last[0].length;
  return `${source.slice(0, end)}\n${statement}${source.slice(end)}`;
}

/**
 * Adds `export * from '<path>';` to a barrel file, in alphabetical order among the others
 * (unless it is there).
 */
export function addExportStar(source: string, path: string): string {
  const line = `export * from '${path}';`;
  if (source.includes(line)) return source;
  const lines = source.split('\n');
  const at = lines.findIndex((l) => {
    const m = /^export \* from '([^']+)';/.exec(l);
    return m !== null && m[1] > path;
  });
  if (at === -1) {
    const trimmed = source.replace(/\s+$/, '');
    return `${trimmed}${trimmed ? '\n' : ''}${line}\n`;
  }
  lines.splice(at, 0, line);
  return lines.join('\n');
}

/** The quoted strings of the array literal of `const <name>` (e.g. PERMISSIONS), or null. */
export function stringsOfConstArray(source: string, name: string): string[] | null {
  const span = findConstLiteral(source, name, '[');
  if (!span) return null;
  const body = source.slice(span.open + 1, span.close);
  return [...body.matchAll(/'([^'\\]*)'|"([^"\\]*)"/g)].map((m) => m[1] ?? m[2]);
}
