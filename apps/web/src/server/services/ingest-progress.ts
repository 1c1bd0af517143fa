/**
 * Progress of the server-side ingest of one upload, for the upload area's progress bar: the stage and
 * its count — 'retrieve' (instances received from a PACS, for a DICOMweb import), 'parse' (files read, de-identified and parsed, from @mewm/dicom's ingestCt), 'assemble'
 * (slices placed into the volume), 'store' (the NIfTI encoded and written), then 'done' or 'failed'.
 *
 * Keyed by a random id the browser sends with the upload (`?progressId=<uuid>`); an entry holds counts
 * only — no file names, no identifiers. In memory, one registry per server process (on globalThis, as
 * Next.js bundles each route handler separately); an entry is dropped `ttlMs` after its last update,
 * and at most `maxEntries` are kept (the oldest go first).
 */
import 'server-only';
import type { IngestProgress } from '@mewm/dicom';

export type IngestProgressStage = 'retrieve' | IngestProgress['stage'] | 'store' | 'done' | 'failed';

export interface IngestProgressView {
  stage: IngestProgressStage;
  done: number;
  total: number;
}

export interface IngestProgressOptions {
  ttlMs: number;
  maxEntries: number;
}

export const DEFAULT_INGEST_PROGRESS_OPTIONS: IngestProgressOptions = { ttlMs: 10 * 60_000, maxEntries: 256 };

export class IngestProgressRegistry {
  private readonly entries = new Map<string, { view: IngestProgressView; updatedAt: number }>();

  constructor(
    private readonly opts: IngestProgressOptions = DEFAULT_INGEST_PROGRESS_OPTIONS,
    private readonly now: () => number = Date.now,
  ) {}

  report(id: string, view: IngestProgressView): void {
    this.prune();
    this.entries.delete(id); // re-inserted last: the Map's order is the order of last update
    this.entries.set(id, { view: { ...view }, updatedAt: this.now() });
    while (this.entries.size > this.opts.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The upload's latest progress; null when unknown (not started yet, expired, or never sent). */
  get(id: string): IngestProgressView | null {
    this.prune();
    const entry = this.entries.get(id);
    return entry ? { ...entry.view } : null;
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(): void {
    const cutoff = this.now() - this.opts.ttlMs;
    for (const [id, entry] of this.entries) {
      if (entry.updatedAt >= cutoff) break; // ordered by last update: the rest are newer
      this.entries.delete(id);
    }
  }
}

const holder = globalThis as unknown as { mewmIngestProgress?: IngestProgressRegistry };

/** The server process's registry (shared by the upload route and the tRPC router). */
export function ingestProgressRegistry(): IngestProgressRegistry {
  holder.mewmIngestProgress ??= new IngestProgressRegistry();
  return holder.mewmIngestProgress;
}

/**
 * Run an ingest with its progress published under `progressId` (when given): the stages as they come,
 * then 'done', or 'failed' when it throws (the error is rethrown).
 */
export async function withIngestProgress<T>(
  progressId: string | undefined, ingest: (onProgress?: (p: IngestProgressView) => void) => Promise<T>,
): Promise<T> {
  if (progressId === undefined) return ingest();
  const report = (p: IngestProgressView) => ingestProgressRegistry().report(progressId, p);
  try {
    const out = await ingest(report);
    report({ stage: 'done', done: 1, total: 1 });
    return out;
  } catch (e) {
    report({ stage: 'failed', done: 0, total: 0 });
    throw e;
  }
}
