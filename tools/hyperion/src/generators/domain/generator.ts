import {
  formatFiles,
  generateFiles,
  joinPathFragments,
  logger,
  offsetFromRoot,
  Tree,
  updateJson,
} from '@nx/devkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DomainNames, domainNames, invalidNameReason } from './lib/domain-names';
import {
  addExportStar,
  addImport,
  addToConstObject,
  appendToConstArray,
  stringsOfConstArray,
} from './lib/source-edits';
import { DomainGeneratorSchema } from './schema';

/** Where the generator reads and registers (one place each, see STYLE.md). */
export const PATHS = {
  apiLibs: 'libs/api',
  webLibs: 'libs/web',
  contractsLib: 'libs/shared/contracts/src/lib',
  contractsIndex: 'libs/shared/contracts/src/index.ts',
  permissions: 'libs/shared/contracts/src/lib/permissions.ts',
  auditActions: 'libs/shared/contracts/src/lib/audit.ts',
  apiDomains: 'apps/api/src/app/domains.ts',
  consoleModules: 'apps/web/src/app/console-modules.ts',
  loadResource: 'libs/web/util/src/lib/load-resource.ts',
} as const;

/** The console's icon for a new module (Material's "list"), until someone picks a better one. */
const DEFAULT_ICON =
  'M3 13h2v-2H3v2zm0 4h2v-2H3v2zm0-8h2V7H3v2zm4 4h14v-2H7v2zm0 4h14v-2H7v2zM7 7v2h14V7H7z';

export interface NormalizedOptions extends DomainNames {
  /** The lib folder and project suffix (`--lib`, default the name's fileName). */
  libName: string;
  apiRoot: string;
  webRoot: string;
  apiImportPath: string;
  webImportPath: string;
  readPermission: string;
  writePermission: string;
  /** 13 digits: orders the migration after every existing one. */
  migrationTimestamp: string;
  auditActions: { created: string; updated: string; deleted: string };
  skipFormat: boolean;
  /**
   * The API and console libs exist already (`--lib` naming a lib of earlier domains): the
   * domain's files go into their `src/lib`, their indexes export it, and nothing else of the
   * libs (project, configs, path aliases) is touched.
   */
  addToExistingLibs: boolean;
}

function read(tree: Tree, path: string): string {
  const content = tree.read(path, 'utf-8');
  if (content === null) {
    throw new Error(`${path} is missing: the domain generator registers the new domain there.`);
  }
  return content;
}

/** Every 13-digit migration timestamp under libs/ (`<timestamp>-<name>.ts`). */
function existingMigrationTimestamps(tree: Tree, dir = 'libs'): number[] {
  const found: number[] = [];
  for (const child of tree.children(dir)) {
    if (child === 'node_modules') continue;
    const path = joinPathFragments(dir, child);
    const match = /^(\d{13})-.*\.ts$/.exec(child);
    if (match) found.push(Number(match[1]));
    else if (!tree.isFile(path)) found.push(...existingMigrationTimestamps(tree, path));
  }
  return found;
}

function checkPermission(tree: Tree, permission: string, option: string): void {
  const known = stringsOfConstArray(read(tree, PATHS.permissions), 'PERMISSIONS');
  if (known && !known.includes(permission)) {
    throw new Error(
      `--${option}=${permission} is not a permission of ${PATHS.permissions} (${known.join(', ')}).`,
    );
  }
}

export function normalizeOptions(tree: Tree, schema: DomainGeneratorSchema): NormalizedOptions {
  const names = domainNames(schema.name, schema.plural);
  const libName = schema.lib ?? names.fileName;
  const libReason = invalidNameReason(libName);
  if (libReason) throw new Error(`Invalid --lib: ${libReason}.`);
  const apiRoot = joinPathFragments(PATHS.apiLibs, libName);
  const webRoot = joinPathFragments(PATHS.webLibs, libName);
  const existing = [apiRoot, webRoot].filter((root) => tree.exists(root));
  // Another domain joins an existing lib only when asked for by name, and only when both libs
  // are whole Nx projects: a half-made lib is a mistake to look at, not to write into.
  const addToExistingLibs =
    schema.lib !== undefined &&
    existing.length === 2 &&
    existing.every((root) => tree.exists(joinPathFragments(root, 'project.json')));
  if (existing.length > 0 && !addToExistingLibs) {
    throw new Error(`${existing[0]} already exists: pick another name.`);
  }
  if (addToExistingLibs) {
    const domainFile = joinPathFragments(apiRoot, 'src/lib', `${names.fileName}.domain.ts`);
    if (tree.exists(domainFile))
      throw new Error(`${domainFile} already exists: pick another name.`);
  }
  const contractsFile = joinPathFragments(PATHS.contractsLib, `${names.fileName}.ts`);
  if (tree.exists(contractsFile)) {
    throw new Error(`${contractsFile} already exists: pick another name.`);
  }
  const readPermission = schema.readPermission ?? 'monitoring:read';
  const writePermission = schema.writePermission ?? 'monitoring:control';
  checkPermission(tree, readPermission, 'readPermission');
  checkPermission(tree, writePermission, 'writePermission');
  const latest = Math.max(0, ...existingMigrationTimestamps(tree));
  const migrationTimestamp = String(Math.max(Date.now(), latest + 1));
  if (migrationTimestamp.length !== 13) {
    throw new Error(`No 13-digit migration timestamp left after ${latest}.`);
  }
  return {
    ...names,
    libName,
    apiRoot,
    webRoot,
    apiImportPath: `@hyperion/api/${libName}`,
    webImportPath: `@hyperion/web/${libName}`,
    readPermission,
    writePermission,
    migrationTimestamp,
    auditActions: {
      created: `${names.snakeName}_created`,
      updated: `${names.snakeName}_updated`,
      deleted: `${names.snakeName}_deleted`,
    },
    skipFormat: schema.skipFormat ?? false,
    addToExistingLibs,
  };
}

/** The lines of an index template, written for this domain (`export * from './lib/…';`). */
function indexExports(template: string, o: NormalizedOptions): string[] {
  return readFileSync(template, 'utf-8')
    .split('\n')
    .map((line) => /from '(.+)'/.exec(line)?.[1])
    .filter((path): path is string => path !== undefined)
    .map((path) => path.replace('<%= fileName %>', o.fileName));
}

/** The domain's own files into libs that exist, and one export line each in their indexes. */
function addToLibraries(tree: Tree, o: NormalizedOptions): void {
  const substitutions = { ...o, tmpl: '' };
  for (const [side, root] of [
    ['api', o.apiRoot],
    ['web', o.webRoot],
  ] as const) {
    const templates = join(__dirname, 'files', side, 'src');
    generateFiles(tree, join(templates, 'lib'), joinPathFragments(root, 'src/lib'), {
      ...substitutions,
      offsetFromRoot: offsetFromRoot(root),
    });
    const index = joinPathFragments(root, 'src/index.ts');
    let source = read(tree, index);
    for (const path of indexExports(join(templates, 'index.ts.template'), o)) {
      source = addExportStar(source, path);
    }
    tree.write(index, source);
  }
  generateFiles(tree, join(__dirname, 'files', 'contracts'), PATHS.contractsLib, substitutions);
}

function writeLibraries(tree: Tree, o: NormalizedOptions): void {
  if (o.addToExistingLibs) return addToLibraries(tree, o);
  const substitutions = { ...o, tmpl: '' };
  generateFiles(tree, join(__dirname, 'files', 'api'), o.apiRoot, {
    ...substitutions,
    offsetFromRoot: offsetFromRoot(o.apiRoot),
  });
  generateFiles(tree, join(__dirname, 'files', 'web'), o.webRoot, {
    ...substitutions,
    offsetFromRoot: offsetFromRoot(o.webRoot),
  });
  generateFiles(tree, join(__dirname, 'files', 'contracts'), PATHS.contractsLib, substitutions);
  if (!tree.exists(PATHS.loadResource)) {
    logger.warn(
      `${PATHS.loadResource} is missing: the generated page imports loadResource from @hyperion/web/util.`,
    );
  }
}

function registerContracts(tree: Tree, o: NormalizedOptions): void {
  tree.write(
    PATHS.contractsIndex,
    addExportStar(read(tree, PATHS.contractsIndex), `./lib/${o.fileName}`),
  );
  const actions = [o.auditActions.created, o.auditActions.updated, o.auditActions.deleted];
  tree.write(
    PATHS.auditActions,
    appendToConstArray(
      read(tree, PATHS.auditActions),
      PATHS.auditActions,
      'AUDIT_ACTIONS',
      actions.map((a) => `'${a}'`),
    ),
  );
}

function registerPathAliases(tree: Tree, o: NormalizedOptions): void {
  updateJson(tree, 'tsconfig.base.json', (json) => {
    const paths: Record<string, string[]> = (json.compilerOptions.paths ??= {});
    paths[o.apiImportPath] = [`./${o.apiRoot}/src/index.ts`];
    paths[o.webImportPath] = [`./${o.webRoot}/src/index.ts`];
    return json;
  });
}

function registerApiDomain(tree: Tree, o: NormalizedOptions): void {
  let source = read(tree, PATHS.apiDomains);
  source = appendToConstArray(source, PATHS.apiDomains, 'DOMAINS', [`${o.className}Domain`]);
  source = addImport(source, `import { ${o.className}Domain } from '${o.apiImportPath}';`);
  tree.write(PATHS.apiDomains, source);
}

function registerConsoleModule(tree: Tree, o: NormalizedOptions): void {
  let source = read(tree, PATHS.consoleModules);
  let icon = `'${DEFAULT_ICON}'`;
  if (/\bconst\s+ICONS\s*=\s*\{/.test(source)) {
    source = addToConstObject(source, PATHS.consoleModules, 'ICONS', o.propertyName, icon);
    icon = `ICONS.${o.propertyName}`;
  }
  const entry = [
    '{',
    `path: '${o.pluralFileName}',`,
    `label: '${o.pluralTitleCapitalized}',`,
    `icon: ${icon},`,
    `permission: '${o.readPermission}',`,
    `loadChildren: () => import('${o.webImportPath}').then((m) => m.${o.propertyName}Routes),`,
    '}',
  ].join('\n');
  source = appendToConstArray(source, PATHS.consoleModules, 'CONSOLE_MODULES', [entry]);
  tree.write(PATHS.consoleModules, source);
}

/**
 * `npx nx g @hyperion/tools:domain NAME`: a domain that follows the platform pattern (tenant
 * table with row-level security, unit of work, audit in the same transaction, medium spec on
 * PostgreSQL), its contracts and console page, registered once in apps/api and apps/web.
 */
export async function domainGenerator(tree: Tree, schema: DomainGeneratorSchema) {
  const o = normalizeOptions(tree, schema);
  writeLibraries(tree, o);
  registerContracts(tree, o);
  if (!o.addToExistingLibs) registerPathAliases(tree, o);
  registerApiDomain(tree, o);
  registerConsoleModule(tree, o);
  if (!o.skipFormat) await formatFiles(tree);
  return () => {
    logger.info(
      [
        '',
        `Domain "${o.fileName}" created in ${o.apiRoot} and ${o.webRoot}. Next:`,
        `  npx nx test api-${o.libName}         (medium spec on PostgreSQL)`,
        `  npx nx run-many -t lint -p api-${o.libName} web-${o.libName}`,
        '  node tools/typecheck.mjs',
        `Add fields: entity + migration + DTO + libs/shared/contracts/src/lib/${o.fileName}.ts (docs/adding-a-domain.md).`,
        `apps/web/src/app/app.spec.ts lists the navigation labels: "${o.pluralTitleCapitalized}" now shows for ${o.readPermission}.`,
      ].join('\n'),
    );
  };
}

export default domainGenerator;
