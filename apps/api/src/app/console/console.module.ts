import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

import { DynamicModule, Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Application } from 'express';

import { CompressedVariants, ConsoleAssetsOptions, consoleAssets } from './console-assets';

const OPTIONS = Symbol('CONSOLE_ASSETS_OPTIONS');

/** What start-up compresses ahead of the first visitor: the code and styles of the console. */
const WARM = new Set(['.js', '.css', '.html', '.svg']);

/**
 * The built console on the API's own origin: registered after the API's routes (so it never
 * shadows one), before Nest's 404 handler. See `consoleAssets` for what it serves.
 */
@Module({})
export class ConsoleModule implements OnModuleInit {
  private readonly logger = new Logger('Console');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(OPTIONS) private readonly options: ConsoleAssetsOptions,
  ) {}

  static forRoot(options: ConsoleAssetsOptions): DynamicModule {
    return {
      module: ConsoleModule,
      providers: [{ provide: OPTIONS, useValue: options }],
    };
  }

  onModuleInit(): void {
    const variants = new CompressedVariants();
    const app = this.adapterHost.httpAdapter.getInstance<Application>();
    app.use(consoleAssets(this.options, variants));
    // Compressed in the background: the first visitor does not wait for brotli.
    void this.compressible(this.options.root)
      .then((files) => variants.warm(files))
      .catch((error: unknown) =>
        this.logger.warn(`Could not pre-compress the console: ${String(error)}`),
      );
  }

  private async compressible(
    root: string,
  ): Promise<{ path: string; mtimeMs: number; size: number }[]> {
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    const files = entries
      .filter((entry) => entry.isFile() && WARM.has(extname(entry.name)))
      .map((entry) => join(entry.parentPath, entry.name));
    return Promise.all(
      files.map(async (path) => {
        const info = await stat(path);
        return { path, mtimeMs: info.mtimeMs, size: info.size };
      }),
    );
  }
}
