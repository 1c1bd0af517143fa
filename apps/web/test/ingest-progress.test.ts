/**
 * The in-memory registry behind an upload's ingest progress (read-back, expiry, size cap), and the
 * wrapper that ends an ingest's progress with 'done' or 'failed'.
 */
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { IngestProgressRegistry, ingestProgressRegistry, withIngestProgress, type IngestProgressView } from '../src/server/services/ingest-progress.ts';

describe('IngestProgressRegistry', () => {
  it('keeps the latest progress per id and hands out copies', () => {
    const r = new IngestProgressRegistry();
    expect(r.get('a')).toBeNull();
    r.report('a', { stage: 'parse', done: 1, total: 3 });
    r.report('a', { stage: 'parse', done: 2, total: 3 });
    const seen = r.get('a')!;
    expect(seen).toEqual({ stage: 'parse', done: 2, total: 3 });
    seen.done = 99;
    expect(r.get('a')!.done).toBe(2);
  });

  it('drops an entry ttlMs after its last update, not after its first', () => {
    let now = 0;
    const r = new IngestProgressRegistry({ ttlMs: 1000, maxEntries: 10 }, () => now);
    r.report('a', { stage: 'parse', done: 1, total: 2 });
    r.report('b', { stage: 'parse', done: 1, total: 2 });
    now = 900;
    r.report('a', { stage: 'assemble', done: 1, total: 2 }); // a is fresh again
    now = 1500;
    expect(r.get('b')).toBeNull();
    expect(r.get('a')).toEqual({ stage: 'assemble', done: 1, total: 2 });
    now = 1901;
    expect(r.get('a')).toBeNull();
    expect(r.size).toBe(0);
  });

  it('keeps at most maxEntries, dropping the least recently updated', () => {
    const r = new IngestProgressRegistry({ ttlMs: 60_000, maxEntries: 2 });
    r.report('a', { stage: 'parse', done: 1, total: 1 });
    r.report('b', { stage: 'parse', done: 1, total: 1 });
    r.report('a', { stage: 'store', done: 0, total: 1 });
    r.report('c', { stage: 'parse', done: 1, total: 1 });
    expect(r.size).toBe(2);
    expect(r.get('b')).toBeNull();
    expect(r.get('a')).toEqual({ stage: 'store', done: 0, total: 1 });
    expect(r.get('c')).not.toBeNull();
  });
});

describe('withIngestProgress', () => {
  it('publishes the stages under the id, then done', async () => {
    const id = randomUUID();
    const seen: (IngestProgressView | null)[] = [];
    const out = await withIngestProgress(id, async (onProgress) => {
      onProgress!({ stage: 'parse', done: 1, total: 2 });
      seen.push(ingestProgressRegistry().get(id));
      return 42;
    });
    expect(out).toBe(42);
    expect(seen).toEqual([{ stage: 'parse', done: 1, total: 2 }]);
    expect(ingestProgressRegistry().get(id)).toEqual({ stage: 'done', done: 1, total: 1 });
  });

  it('says failed and rethrows when the ingest throws', async () => {
    const id = randomUUID();
    await expect(withIngestProgress(id, async () => { throw new Error('not a CT'); })).rejects.toThrow('not a CT');
    expect(ingestProgressRegistry().get(id)).toEqual({ stage: 'failed', done: 0, total: 0 });
  });

  it('without an id, runs the ingest without a progress callback', async () => {
    const before = ingestProgressRegistry().size;
    expect(await withIngestProgress(undefined, async (onProgress) => onProgress === undefined)).toBe(true);
    expect(ingestProgressRegistry().size).toBe(before);
  });
});
