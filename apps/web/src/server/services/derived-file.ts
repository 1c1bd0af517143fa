/**
 * A file derived from stored data (a sample's difference volume, a series' body mask), computed on first
 * request and kept at `out`: written atomically (temporary file, fsync, rename), served from there
 * afterwards; concurrent requests for one file share one computation. The data it comes from never
 * changes, so the file cannot go stale.
 */
import 'server-only';
import { access } from 'node:fs/promises';
import { writeFileAtomic } from '@mewm/dicom';

const inFlight = new Map<string, Promise<string>>();

/**
 * The path `out`, after `compute` has written its bytes there if the file did not exist yet.
 * `beforeWrite` may throw to keep nothing (e.g. the folder's owner was deleted meanwhile).
 */
export async function derivedFile(out: string, compute: () => Promise<Uint8Array>, beforeWrite?: () => Promise<void>): Promise<string> {
  if (await exists(out)) return out;
  const pending = inFlight.get(out);
  if (pending) return pending;
  const work = (async () => {
    const bytes = await compute();
    await beforeWrite?.();
    await writeFileAtomic(out, bytes);
    return out;
  })();
  inFlight.set(out, work);
  try {
    return await work;
  } finally {
    inFlight.delete(out);
  }
}

export async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}
