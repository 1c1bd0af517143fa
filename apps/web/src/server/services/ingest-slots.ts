/**
 * At most `max` ingests at once in this process (MEWM_MAX_CONCURRENT_INGESTS, default 2): each holds
 * up to MEWM_INGEST_MEMORY_MB, so the server's memory is bounded by their product. One more is refused
 * at once with BUSY (HTTP 429 and Retry-After), before its body is read, rather than queued: a queued
 * upload would hold its connection and its temporary file while it waits.
 */
import 'server-only';
import { BusyError } from '../errors.ts';

/** Seconds a refused client is told to wait: an ingest of a typical CT takes a few seconds. */
export const INGEST_RETRY_AFTER_SECONDS = 5;

export class IngestSlots {
  private active = 0;
  constructor(readonly max: number) {}

  get running(): number {
    return this.active;
  }

  /** Run `fn` in a slot, or throw BusyError when all are taken. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) {
      throw new BusyError(
        `the server is already ingesting ${this.active} upload(s), its limit (MEWM_MAX_CONCURRENT_INGESTS); try again in a few seconds`,
        INGEST_RETRY_AFTER_SECONDS,
      );
    }
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
    }
  }
}
