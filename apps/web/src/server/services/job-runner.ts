/**
 * An in-process job runner: a FIFO queue worked by `concurrency` workers (one by default), outside the
 * request path. Cancellation is cooperative: `cancel` flags a running job and aborts its `signal`; the
 * job checks its handle (`throwIfCancelled`) at safe points or listens to the signal (a plan job passes
 * it on to its worker process); a queued job is simply taken off the queue. The runner knows nothing
 * about plans or the database.
 */
import 'server-only';
import { AppError } from '../errors.ts';

/** Thrown by `JobHandle.throwIfCancelled` once the job was asked to stop. */
export class JobCancelledError extends Error {
  constructor() {
    super('the job was cancelled');
    this.name = 'JobCancelledError';
  }
}

/** The queue is full: try again when a job has finished. */
export class QueueFullError extends AppError {
  constructor(maxQueued: number) {
    super('CONFLICT', `the plan queue is full (${maxQueued} jobs waiting); try again when a plan has finished`);
  }
}

export interface JobHandle {
  readonly jobId: string;
  readonly cancelRequested: boolean;
  /** Aborted when cancel() is called for this job. */
  readonly signal: AbortSignal;
  /** @throws JobCancelledError when cancel() was called for this job. */
  throwIfCancelled(): void;
}

export interface JobRunnerOptions {
  run: (job: JobHandle) => Promise<void>;
  /** Jobs run at the same time (default 1: the planner is CPU-bound). */
  concurrency?: number;
  /** Jobs that may wait (default 32). */
  maxQueued?: number;
  /** A job's run rejected (it should record its own failure; this is the last resort). */
  onUnhandled?: (jobId: string, error: unknown) => void;
}

export type CancelOutcome = 'dequeued' | 'signalled' | 'unknown';

export class JobRunner {
  private readonly queue: string[] = [];
  private readonly running = new Map<string, { cancel: boolean; controller: AbortController }>();
  private readonly idleWaiters: Array<() => void> = [];
  private readonly opts: Required<Omit<JobRunnerOptions, 'onUnhandled'>> & Pick<JobRunnerOptions, 'onUnhandled'>;

  constructor(opts: JobRunnerOptions) {
    this.opts = { concurrency: 1, maxQueued: 32, ...opts };
  }

  /** Queue a job; it starts as soon as a worker is free (on a later tick, never synchronously). */
  enqueue(jobId: string): void {
    if (this.queue.length >= this.opts.maxQueued) throw new QueueFullError(this.opts.maxQueued);
    this.queue.push(jobId);
    setImmediate(() => this.pump());
  }

  cancel(jobId: string): CancelOutcome {
    const i = this.queue.indexOf(jobId);
    if (i >= 0) {
      this.queue.splice(i, 1);
      this.settleIdle();
      return 'dequeued';
    }
    const state = this.running.get(jobId);
    if (state) {
      state.cancel = true;
      state.controller.abort();
      return 'signalled';
    }
    return 'unknown';
  }

  isCancelRequested(jobId: string): boolean {
    return this.running.get(jobId)?.cancel ?? false;
  }

  has(jobId: string): boolean {
    return this.running.has(jobId) || this.queue.includes(jobId);
  }

  get pending(): number {
    return this.queue.length + this.running.size;
  }

  /** Resolves when nothing is queued or running (tests, shutdown). */
  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running.size < this.opts.concurrency && this.queue.length > 0) {
      const jobId = this.queue.shift()!;
      const state = { cancel: false, controller: new AbortController() };
      this.running.set(jobId, state);
      const handle: JobHandle = {
        jobId,
        get cancelRequested() {
          return state.cancel;
        },
        signal: state.controller.signal,
        throwIfCancelled() {
          if (state.cancel) throw new JobCancelledError();
        },
      };
      void this.opts.run(handle)
        .catch((e: unknown) => this.opts.onUnhandled?.(jobId, e))
        .finally(() => {
          this.running.delete(jobId);
          this.pump();
          this.settleIdle();
        });
    }
  }

  private settleIdle(): void {
    if (this.pending > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
