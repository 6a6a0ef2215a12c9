export * from './lib/file-root.domain';
export * from './lib/file-root.module';
export * from './lib/file-root.service';
export * from './lib/files.service';
