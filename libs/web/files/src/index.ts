export * from './lib/file-root-api';
export * from './lib/file-root.routes';
export * from './lib/files-api';
