import { readJson, Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';

import { domainGenerator, PATHS } from './generator';
import { domainNames, invalidNameReason, pluralize } from './lib/domain-names';

/** The few workspace files the generator reads and registers in, as small stand-ins. */
function workspace(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  tree.write(
    PATHS.permissions,
    "export const PERMISSIONS = ['monitoring:read', 'monitoring:control', 'files:read'] as const;\n",
  );
  tree.write(PATHS.auditActions, "export const AUDIT_ACTIONS = [\n  'login',\n] as const;\n");
  tree.write(PATHS.contractsIndex, "export * from './lib/api';\nexport * from './lib/audit';\n");
  tree.write(
    PATHS.apiDomains,
    "import { AuditDomain } from '@hyperion/api/audit';\n\nexport const DOMAINS: readonly DomainDefinition[] = [AuditDomain];\n",
  );
  tree.write(
    PATHS.consoleModules,
    "const ICONS = {\n  audit: 'M1',\n} as const;\n\nexport const CONSOLE_MODULES: readonly ConsoleModule[] = [\n  { path: 'audit', icon: ICONS.audit },\n];\n",
  );
  tree.write(PATHS.loadResource, 'export function loadResource() {}\n');
  tree.write('libs/api/auth/src/lib/migrations/1764000000001-organizations-memberships.ts', '');
  tree.write(
    'libs/api/core/src/lib/database/platform/9000000000000-far-future.ts',
    '// a migration dated after now',
  );
  return tree;
}

describe('domain names', () => {
  it('derives every spelling from the kebab-case name', () => {
    expect(domainNames('maintenance-window')).toMatchObject({
      className: 'MaintenanceWindow',
      propertyName: 'maintenanceWindow',
      constantName: 'MAINTENANCE_WINDOW',
      snakeName: 'maintenance_window',
      pluralFileName: 'maintenance-windows',
      pluralClassName: 'MaintenanceWindows',
      pluralTitleCapitalized: 'Maintenance windows',
    });
    expect(domainNames('person', 'people').pluralFileName).toBe('people');
  });

  it('pluralises the last word', () => {
    expect(['widget', 'policy', 'box', 'switch', 'day'].map(pluralize)).toEqual([
      'widgets',
      'policies',
      'boxes',
      'switches',
      'days',
    ]);
  });

  it('refuses names that are not kebab-case, too long or reserved', () => {
    expect(invalidNameReason('probe-widget')).toBeNull();
    expect(invalidNameReason('ProbeWidget')).toMatch(/kebab-case/);
    expect(invalidNameReason('probe_widget')).toMatch(/kebab-case/);
    expect(invalidNameReason('-x')).toMatch(/kebab-case/);
    expect(invalidNameReason('a'.repeat(41))).toMatch(/2 to 40/);
    expect(invalidNameReason('core')).toMatch(/reserved/);
  });
});

describe('domain generator', () => {
  let tree: Tree;

  beforeEach(async () => {
    tree = workspace();
    await domainGenerator(tree, { name: 'probe-widget', skipFormat: true });
  });

  it('writes the API lib, the console lib and the contracts', () => {
    for (const file of [
      'libs/api/probe-widget/project.json',
      'libs/api/probe-widget/jest.config.cts',
      'libs/api/probe-widget/src/index.ts',
      'libs/api/probe-widget/src/lib/probe-widget.module.ts',
      'libs/api/probe-widget/src/lib/probe-widget.controller.ts',
      'libs/api/probe-widget/src/lib/probe-widget.service.ts',
      'libs/api/probe-widget/src/lib/probe-widget.service.spec.ts',
      'libs/api/probe-widget/src/lib/probe-widget.repository.ts',
      'libs/api/probe-widget/src/lib/entities/probe-widget.entity.ts',
      'libs/api/probe-widget/src/lib/probe-widget.domain.ts',
      'libs/web/probe-widget/project.json',
      'libs/web/probe-widget/src/lib/probe-widget.routes.ts',
      'libs/web/probe-widget/src/lib/probe-widget-api.ts',
      'libs/web/probe-widget/src/lib/probe-widgets-page/probe-widgets-page.ts',
      'libs/shared/contracts/src/lib/probe-widget.ts',
    ]) {
      expect(tree.exists(file)).toBe(true);
    }
    expect(readJson(tree, 'libs/api/probe-widget/project.json')).toMatchObject({
      name: 'api-probe-widget',
      tags: ['scope:api', 'type:feature'],
    });
    expect(readJson(tree, 'libs/web/probe-widget/project.json')).toMatchObject({
      name: 'web-probe-widget',
      tags: ['scope:web', 'type:feature'],
    });
    expect(tree.read('libs/api/probe-widget/jest.config.cts', 'utf-8')).toContain(
      "globalSetup: '<rootDir>/../../../libs/api/testing/src/global-setup.ts'",
    );
  });

  it('dates the migration after every existing one, and names its class after it', () => {
    const migrations = tree.children('libs/api/probe-widget/src/lib/migrations');
    expect(migrations).toEqual(['9000000000001-probe-widget.ts']);
    const source = tree.read(
      'libs/api/probe-widget/src/lib/migrations/9000000000001-probe-widget.ts',
      'utf-8',
    );
    expect(source).toContain('export class ProbeWidget9000000000001 implements');
    expect(source).toContain("await enableTenantRls(q, 'probe_widget');");
  });

  it('registers the domain once in each place', () => {
    expect(tree.read(PATHS.apiDomains, 'utf-8')).toContain(
      "import { ProbeWidgetDomain } from '@hyperion/api/probe-widget';",
    );
    expect(tree.read(PATHS.apiDomains, 'utf-8')).toMatch(
      /\[AuditDomain,\s*ProbeWidgetDomain,\s*\]/,
    );
    const modules = tree.read(PATHS.consoleModules, 'utf-8') ?? '';
    expect(modules).toContain('probeWidget:');
    expect(modules).toContain("path: 'probe-widgets',");
    expect(modules).toContain("permission: 'monitoring:read',");
    expect(modules).toContain(
      "import('@hyperion/web/probe-widget').then((m) => m.probeWidgetRoutes)",
    );
    expect(tree.read(PATHS.auditActions, 'utf-8')).toContain(
      "'probe_widget_created',\n'probe_widget_updated',\n'probe_widget_deleted',",
    );
    expect(tree.read(PATHS.contractsIndex, 'utf-8')).toContain(
      "export * from './lib/probe-widget';",
    );
    expect(readJson(tree, 'tsconfig.base.json').compilerOptions.paths).toMatchObject({
      '@hyperion/api/probe-widget': ['./libs/api/probe-widget/src/index.ts'],
      '@hyperion/web/probe-widget': ['./libs/web/probe-widget/src/index.ts'],
    });
  });

  it('refuses a domain that exists, and an unknown permission', async () => {
    await expect(domainGenerator(tree, { name: 'probe-widget', skipFormat: true })).rejects.toThrow(
      'libs/api/probe-widget already exists',
    );
    await expect(
      domainGenerator(workspace(), { name: 'other', readPermission: 'nuke:all', skipFormat: true }),
    ).rejects.toThrow('--readPermission=nuke:all is not a permission');
  });

  it('puts a domain in a lib of another name with --lib (one lib, several entities later)', async () => {
    const other = workspace();
    await domainGenerator(other, { name: 'probe-channel', lib: 'probes', skipFormat: true });
    expect(other.exists('libs/api/probes/src/lib/probe-channel.service.ts')).toBe(true);
    expect(other.exists('libs/web/probes/src/lib/probe-channels-page/probe-channels-page.ts')).toBe(
      true,
    );
    expect(other.exists('libs/shared/contracts/src/lib/probe-channel.ts')).toBe(true);
    expect(readJson(other, 'libs/api/probes/project.json').name).toBe('api-probes');
    expect(readJson(other, 'libs/web/probes/project.json').name).toBe('web-probes');
    expect(other.read('libs/api/probes/jest.config.cts', 'utf-8')).toContain(
      "displayName: 'api-probes'",
    );
    expect(other.read(PATHS.apiDomains, 'utf-8')).toContain(
      "import { ProbeChannelDomain } from '@hyperion/api/probes';",
    );
    expect(other.read(PATHS.consoleModules, 'utf-8')).toContain(
      "import('@hyperion/web/probes').then((m) => m.probeChannelRoutes)",
    );
    expect(readJson(other, 'tsconfig.base.json').compilerOptions.paths).toMatchObject({
      '@hyperion/api/probes': ['./libs/api/probes/src/index.ts'],
    });
    await expect(
      domainGenerator(workspace(), { name: 'probe-x', lib: 'Bad_Lib', skipFormat: true }),
    ).rejects.toThrow('Invalid --lib');
  });

  it('adds a second domain to the libs of a first one with --lib, touching only their src', async () => {
    const two = workspace();
    await domainGenerator(two, { name: 'probe-channel', lib: 'probes', skipFormat: true });
    const project = two.read('libs/api/probes/project.json', 'utf-8');
    const aliases = two.read('tsconfig.base.json', 'utf-8');
    await domainGenerator(two, { name: 'probe-host', lib: 'probes', skipFormat: true });
    expect(two.exists('libs/api/probes/src/lib/probe-host.service.ts')).toBe(true);
    expect(two.exists('libs/api/probes/src/lib/entities/probe-host.entity.ts')).toBe(true);
    expect(two.exists('libs/web/probes/src/lib/probe-hosts-page/probe-hosts-page.ts')).toBe(true);
    expect(two.exists('libs/shared/contracts/src/lib/probe-host.ts')).toBe(true);
    expect(two.read('libs/api/probes/src/index.ts', 'utf-8')).toContain(
      "export * from './lib/probe-channel.domain';\nexport * from './lib/probe-channel.module';\nexport * from './lib/probe-channel.service';\nexport * from './lib/probe-host.domain';",
    );
    expect(two.read('libs/web/probes/src/index.ts', 'utf-8')).toContain(
      "export * from './lib/probe-host.routes';",
    );
    expect(two.read('libs/api/probes/project.json', 'utf-8')).toBe(project);
    expect(two.read('tsconfig.base.json', 'utf-8')).toBe(aliases);
    expect(two.read(PATHS.apiDomains, 'utf-8')).toContain(
      "import { ProbeChannelDomain, ProbeHostDomain } from '@hyperion/api/probes';",
    );
    await expect(
      domainGenerator(two, { name: 'probe-host', lib: 'probes', skipFormat: true }),
    ).rejects.toThrow('libs/api/probes/src/lib/probe-host.domain.ts already exists');
    // Without --lib, an existing lib of that name is still a mistake.
    await expect(domainGenerator(two, { name: 'probes', skipFormat: true })).rejects.toThrow(
      'libs/api/probes already exists',
    );
  });
});
