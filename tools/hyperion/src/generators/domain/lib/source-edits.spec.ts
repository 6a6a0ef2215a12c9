import {
  addExportStar,
  addImport,
  addToConstObject,
  appendToConstArray,
  stringsOfConstArray,
} from './source-edits';

describe('appendToConstArray', () => {
  const domains = [
    "import { AuditDomain } from '@hyperion/api/audit';",
    '',
    'export const DOMAINS: readonly DomainDefinition[] = [',
    '  AuditDomain,',
    '  AuthDomain, // identity',
    '];',
    '',
    'const schema = assembleSchema(DOMAINS);',
  ].join('\n');

  it('appends after the last entry, past a trailing comment', () => {
    const out = appendToConstArray(domains, 'domains.ts', 'DOMAINS', ['WidgetDomain']);
    expect(out).toContain('  AuthDomain, // identity\nWidgetDomain,\n];');
    expect(out).toContain('const schema = assembleSchema(DOMAINS);');
  });

  it('adds the comma a last entry lacks, outside its comment', () => {
    const source = "const A = [\n  'x' // the first\n] as const;";
    expect(appendToConstArray(source, 'a.ts', 'A', ["'y'"])).toBe(
      "const A = [\n  'x', // the first\n'y',\n] as const;",
    );
  });

  it('fills an empty array', () => {
    expect(appendToConstArray('const A = [];', 'a.ts', 'A', ['1'])).toBe('const A = [\n1,\n];');
  });

  it('skips brackets inside strings and nested literals', () => {
    const source = "const M = [\n  { path: '[x]', load: () => import('a').then((m) => m.r) },\n];";
    const out = appendToConstArray(source, 'm.ts', 'M', ["{ path: 'y' }"]);
    expect(out).toBe(
      "const M = [\n  { path: '[x]', load: () => import('a').then((m) => m.r) },\n{ path: 'y' },\n];",
    );
  });

  it('does not add an entry twice', () => {
    const once = appendToConstArray(domains, 'domains.ts', 'DOMAINS', ['WidgetDomain']);
    expect(appendToConstArray(once, 'domains.ts', 'DOMAINS', ['WidgetDomain'])).toBe(once);
  });

  it('names the file and the constant when the literal is not there', () => {
    expect(() => appendToConstArray('const B = 1;', 'b.ts', 'DOMAINS', ['X'])).toThrow(
      'b.ts: expected `const DOMAINS = [...]`',
    );
  });
});

describe('addToConstObject', () => {
  const icons = "const ICONS = {\n  health: 'M1',\n  audit:\n    'M2',\n} as const;";

  it('adds a key at the end', () => {
    expect(addToConstObject(icons, 'c.ts', 'ICONS', 'widget', "'M3'")).toBe(
      "const ICONS = {\n  health: 'M1',\n  audit:\n    'M2',\nwidget: 'M3',\n} as const;",
    );
  });

  it('leaves an existing key alone', () => {
    expect(addToConstObject(icons, 'c.ts', 'ICONS', 'audit', "'M3'")).toBe(icons);
  });
});

describe('addImport', () => {
  it('goes after the last import, once', () => {
    const source = "import { a } from 'a';\nimport {\n  b,\n} from 'b';\n\nconst x = 1;\n";
    const out = addImport(source, "import { c } from 'c';");
    expect(out).toBe(
      "import { a } from 'a';\nimport {\n  b,\n} from 'b';\nimport { c } from 'c';\n\nconst x = 1;\n",
    );
    expect(addImport(out, "import { c } from 'c';")).toBe(out);
  });
});

describe('addExportStar', () => {
  const index = "export * from './lib/api';\nexport * from './lib/health';\n";

  it('keeps the barrel in alphabetical order', () => {
    expect(addExportStar(index, './lib/audit')).toBe(
      "export * from './lib/api';\nexport * from './lib/audit';\nexport * from './lib/health';\n",
    );
    expect(addExportStar(index, './lib/widget')).toBe(`${index}export * from './lib/widget';\n`);
    expect(addExportStar(index, './lib/api')).toBe(index);
  });
});

describe('stringsOfConstArray', () => {
  it('reads the quoted entries', () => {
    const source = 'export const PERMISSIONS = [\n  \'a:read\', // x\n  "b:write",\n] as const;';
    expect(stringsOfConstArray(source, 'PERMISSIONS')).toEqual(['a:read', 'b:write']);
    expect(stringsOfConstArray(source, 'OTHER')).toBeNull();
  });
});
