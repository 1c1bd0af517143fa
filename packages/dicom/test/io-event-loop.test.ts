/**
 * A server that ingests an upload must keep answering other requests: the ingest's long loops yield to
 * Node's event loop (cooperativeYield) and the NIfTI gzip runs on the thread pool (writeNiftiAsync).
 * Measured as turns of the event loop that ran while the work was in progress, on real CT.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cooperativeYield } from '../src/io/cooperative-yield.ts';
import { ingestCt } from '../src/ingest/ingest-ct.ts';
import { readNifti, writeNifti, writeNiftiAsync } from '../src/nifti/index.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

/** Count event-loop turns (setImmediate callbacks) until `work` settles. */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let running = true;
  const spin = () => {
    if (!running) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  try {
    return { result: await work(), turns };
  } finally {
    running = false;
  }
}

describe('cooperativeYield', () => {
  it('yields only once `everyMs` of work has passed', async () => {
    const cooperate = cooperativeYield(30);
    const { turns } = await turnsDuring(async () => {
      const until = performance.now() + 200;
      while (performance.now() < until) await cooperate(); // 200 ms of work, a yield every ≥ 30 ms
    });
    expect(turns).toBeGreaterThanOrEqual(4);
    expect(turns).toBeLessThanOrEqual(8);
  });
});

describe('the event loop keeps turning', () => {
  it('while ingestCt de-identifies, parses and assembles the 51 files of CRLM-CT-1006 (in memory: no I/O waits)', async () => {
    const dir = sharedData('crlm-ct', 'CRLM-CT-1006');
    const files = readdirSync(dir).filter((f) => f.endsWith('.dcm')).map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) }));
    const t0 = performance.now();
    const { result, turns } = await turnsDuring(() => ingestCt(files));
    const ms = performance.now() - t0;
    expect(result.volume.dims).toEqual([512, 512, 51]);
    // at least one turn per ~50 ms of ingest (a yield is due every 20 ms of work)
    expect(turns).toBeGreaterThanOrEqual(Math.floor(ms / 50));
  });

  it('while writeNiftiAsync gzips a CT, with the same bytes as writeNifti', async () => {
    const ct = readNifti(readFileSync(sharedData('totalsegmentator-example', 'example_ct.nii.gz'))).volume;
    const { result, turns } = await turnsDuring(() => writeNiftiAsync(ct));
    expect(Buffer.from(result).equals(Buffer.from(writeNifti(ct)))).toBe(true);
    expect(turns).toBeGreaterThan(2); // writeNifti's gzipSync would allow none until it returns
    expect(Buffer.from(await writeNiftiAsync(ct, { gzip: false })).equals(Buffer.from(writeNifti(ct, { gzip: false })))).toBe(true);
  });
});
