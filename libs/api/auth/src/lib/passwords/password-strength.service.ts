import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

import { BadRequestException, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';

import { HashingBusyException } from '../throttling/retry-later';
import {
  ownerInputs,
  PasswordOwner,
  passwordProblem,
  STRENGTH_ANALYSED_LENGTH,
  StrengthEstimate,
} from './password-strength';

/** An estimate taking longer than this (a stuck worker) is given up with a 503. */
const ESTIMATE_TIMEOUT_MS = 10_000;

/**
 * zxcvbn-ts in a worker thread: an estimate is CPU work of tens to hundreds of milliseconds
 * (more for long crafted input), which must not stall the event loop every request shares.
 * Plain JavaScript, so it runs the same from the TypeScript sources (tests) and the bundle.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { ZxcvbnFactory } = require(workerData.core);
const common = require(workerData.common);
const en = require(workerData.en);
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
  translations: en.translations,
  maxLength: workerData.maxLength,
});
parentPort.on('message', ({ id, password, userInputs }) => {
  try {
    const r = zxcvbn.check(password, userInputs);
    const analysed = Math.min(password.length, workerData.maxLength);
    const common = r.sequence.some(
      (m) => m.pattern === 'dictionary' && m.dictionaryName === 'passwords-common' &&
        m.token.length * 5 >= analysed * 3,
    );
    parentPort.postMessage({
      id,
      estimate: {
        score: r.score,
        warning: r.feedback.warning || null,
        suggestions: r.feedback.suggestions || [],
        common,
      },
    });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

interface Pending {
  resolve(estimate: StrengthEstimate): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** Where the zxcvbn packages are (absolute paths, so the worker finds them from anywhere). */
function zxcvbnModules(): { core: string; common: string; en: string } {
  const bases = [process.argv[1], join(process.cwd(), 'index.js')].filter(Boolean);
  for (const base of bases) {
    try {
      const req = createRequire(base);
      return {
        core: req.resolve('@zxcvbn-ts/core'),
        common: req.resolve('@zxcvbn-ts/language-common'),
        en: req.resolve('@zxcvbn-ts/language-en'),
      };
    } catch {
      // try the next base
    }
  }
  throw new Error('@zxcvbn-ts/core is not installed (npm install)');
}

/** Checks new passwords against the policy (see password-strength.ts). */
@Injectable()
export class PasswordStrength implements OnModuleDestroy {
  private readonly logger = new Logger('PasswordStrength');
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  /** 400 naming `field` with the reason when `password` does not meet the policy. */
  async assertStrong(field: string, password: string, owner: PasswordOwner): Promise<void> {
    const problem = await this.problem(field, password, owner);
    if (problem) throw new BadRequestException(problem);
  }

  /** The 400 message `password` would get as `field`, or null when it meets the policy. */
  async problem(field: string, password: string, owner: PasswordOwner): Promise<string | null> {
    const estimate = await this.estimate(password, ownerInputs(owner));
    return passwordProblem(field, password, owner, estimate);
  }

  estimate(password: string, userInputs: string[] = []): Promise<StrengthEstimate> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<StrengthEstimate>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.logger.error(`Password strength estimate timed out after ${ESTIMATE_TIMEOUT_MS} ms`);
        // A worker that does not answer is replaced.
        void this.stop();
        reject(new HashingBusyException());
      }, ESTIMATE_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, password, userInputs });
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { ...zxcvbnModules(), maxLength: STRENGTH_ANALYSED_LENGTH },
    });
    worker.unref();
    worker.on('message', (msg: { id: number; estimate?: StrengthEstimate; error?: string }) => {
      const pending = this.pending.get(msg.id);
      if (!pending) return;
      this.pending.delete(msg.id);
      clearTimeout(pending.timer);
      if (msg.estimate) pending.resolve(msg.estimate);
      else pending.reject(new Error(`Password strength estimate failed: ${msg.error}`));
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, pending] of this.pending) {
        clearTimeout(pending.timer);
        pending.reject(error);
        this.pending.delete(id);
      }
    };
    worker.on('error', (error) => {
      this.logger.error(`Password strength worker failed: ${String(error)}`);
      fail(error);
    });
    worker.on('exit', (code) => fail(new Error(`Password strength worker exited (${code})`)));
    this.worker = worker;
    return worker;
  }

  private async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}
