/**
 * A WADO-RS retrieve written to a folder as numbered Part 10 files (000001.dcm, …), owner-only and never
 * over an existing file: what `mewm ingest --dicomweb`, `mewm plan --dicomweb` and the web app's PACS
 * import hand to ingest, which reads it like an upload. The caller owns the folder and removes it.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { retrieveInstances, type DicomWebEndpoint } from './dicomweb-client.ts';

export interface RetrieveToFolderOptions {
  /** Called with each instance before it is written (its 0-based index and size); a throw stops the retrieve. */
  onInstance?: (index: number, byteLength: number) => void;
}

export async function retrieveToFolder(
  ep: DicomWebEndpoint, studyInstanceUid: string, seriesInstanceUid: string | undefined, dir: string, opts: RetrieveToFolderOptions = {},
): Promise<{ instances: number; bytes: number }> {
  let instances = 0;
  let bytes = 0;
  await retrieveInstances(ep, studyInstanceUid, seriesInstanceUid, async (instance, i) => {
    opts.onInstance?.(i, instance.byteLength);
    await writeFile(join(dir, `${String(i + 1).padStart(6, '0')}.dcm`), instance, { mode: 0o600, flag: 'wx' });
    instances++;
    bytes += instance.byteLength;
  });
  return { instances, bytes };
}
