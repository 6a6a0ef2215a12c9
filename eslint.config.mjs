import nx from '@nx/eslint-plugin';

/**
 * Module boundaries, on two axes (see STYLE.md):
 *  - scope: api and web never import each other; shared (contracts) imports neither; an
 *    end-to-end suite (e2e) drives both, so it may use the API's test harness and contracts.
 *  - type:  app → feature → data-access → util, and ui only reaches ui/util.
 */
const depConstraints = [
  {
    sourceTag: 'scope:shared',
    onlyDependOnLibsWithTags: ['scope:shared'],
    // Contracts are plain TypeScript both sides can load.
    bannedExternalImports: [
      '@nestjs/*',
      '@angular/*',
      'class-validator',
      'class-transformer',
      'typeorm',
      'rxjs',
    ],
  },
  {
    sourceTag: 'scope:api',
    onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'],
    bannedExternalImports: ['@angular/*'],
  },
  {
    sourceTag: 'scope:web',
    onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'],
    bannedExternalImports: ['@nestjs/*', 'typeorm', 'pg', 'ioredis', 'bull', 'class-validator'],
  },
  { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:api', 'scope:web', 'scope:shared'] },
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:ui', 'type:util'],
  },
  {
    sourceTag: 'type:feature',
    onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:ui', 'type:util'],
  },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:util'] },
  { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:ui', 'type:util'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/tmp', '**/.angular'],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          banTransitiveDependencies: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
          depConstraints,
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message:
            'Read configuration through AppConfig (libs/api/core/src/lib/config); only loadConfig() reads process.env.',
        },
      ],
    },
  },
  {
    // The config loader, test harness and build tooling are the places allowed to read the environment.
    // Globs are matched from each project's folder.
    files: ['**/src/lib/config/app-config.ts', '**/*.config.{js,cjs,mjs,ts,cts}'],
    rules: { 'no-restricted-syntax': 'off' },
  },
];
