/**
 * Runs robustness cases one at a time in a worker thread with a per-case time limit. A case that
 * times out or kills the worker is reported as 'hang' or 'crash' and the worker is replaced.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerCase, WorkerReply } from './robustness-worker.ts';

export type CaseResult = WorkerReply | { id: number; outcome: 'hang' | 'crash'; code: string; message: string; decoded: false };

// The worker runs TypeScript: register tsx's ESM loader inside it, then import the worker module.
const TSX_API = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
const WORKER_MODULE = new URL('./robustness-worker.ts', import.meta.url).href;
const BOOTSTRAP = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_MODULE)}); });`;

type Pending = { resolve: (r: CaseResult) => void; timer: NodeJS.Timeout };

export class CaseRunner {
  private worker: Worker | undefined;
  private pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly timeoutMs: number) {}

  private spawn(): Worker {
    const w = new Worker(BOOTSTRAP, { eval: true });
    w.on('message', (reply: WorkerReply) => this.settle(reply.id, reply));
    w.on('error', (err) => this.failAll('crash', err.message));
    w.on('exit', (code) => {
      if (this.worker === w) this.worker = undefined;
      this.failAll('crash', `worker exited with code ${code}`);
    });
    return w;
  }

  private settle(id: number, result: CaseResult): void {
    const p = this.pending.get(id);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(id);
    p.resolve(result);
  }

  private failAll(outcome: 'crash', message: string): void {
    for (const id of [...this.pending.keys()]) this.settle(id, { id, outcome, code: 'crash', message, decoded: false });
  }

  /** Run one case; resolves with its outcome, never rejects. */
  run(req: WorkerCase): Promise<CaseResult> {
    this.worker ??= this.spawn();
    const worker = this.worker;
    const id = this.nextId++;
    return new Promise<CaseResult>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
        resolve({ id, outcome: 'hang', code: 'timeout', message: `no answer within ${this.timeoutMs} ms`, decoded: false });
      }, this.timeoutMs);
      this.pending.set(id, { resolve, timer });
      worker.postMessage({ ...req, id });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
