import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // Templates are EJS, not TypeScript: the generated projects lint them once rendered.
    ignores: ['**/files/**'],
  },
];
