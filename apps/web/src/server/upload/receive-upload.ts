/**
 * Receive an upload body into a fresh temporary file in the data directory, enforcing the size limit
 * while streaming (the declared Content-Length is checked first, the counted bytes always). On any
 * failure the partial file is removed. The file is named only by its kind (upload.zip, upload.nii.gz,
 * upload.nii, upload.dcm, upload.bin): the user's file name is never stored or logged.
 */
import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BadUploadError, UploadTooLargeError } from '../errors.ts';
import type { DataDir } from '../storage/data-dir.ts';

export interface ReceivedUpload {
  /** Absolute path of the temporary file (inside <dataDir>/tmp). The caller owns it. */
  tempPath: string;
  sizeBytes: number;
  sha256: string;
}

/** The stored name for an upload called `name` by the client: only the kind survives. */
export function uploadFileName(name: string): string {
  if (/\.nii\.gz$/i.test(name)) return 'upload.nii.gz';
  if (/\.nii$/i.test(name)) return 'upload.nii';
  if (/\.zip$/i.test(name)) return 'upload.zip';
  if (/\.dcm$/i.test(name)) return 'upload.dcm';
  return 'upload.bin';
}

export async function receiveUpload(
  dataDir: DataDir,
  body: AsyncIterable<Uint8Array> | null,
  opts: { name: string; maxBytes: number; declaredBytes?: number | undefined },
): Promise<ReceivedUpload> {
  if (body === null) throw new BadUploadError('the upload has no body');
  if (opts.declaredBytes !== undefined && opts.declaredBytes > opts.maxBytes) throw new UploadTooLargeError(opts.maxBytes);
  const dir = join(dataDir.tmpDir(), randomUUID());
  await mkdir(dir, { recursive: true });
  const tempPath = join(dir, uploadFileName(opts.name));
  const hash = createHash('sha256');
  let sizeBytes = 0;
  try {
    const fh = await open(tempPath, 'wx');
    try {
      for await (const chunk of body) {
        sizeBytes += chunk.byteLength;
        if (sizeBytes > opts.maxBytes) throw new UploadTooLargeError(opts.maxBytes);
        hash.update(chunk);
        await fh.write(chunk);
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    if (sizeBytes === 0) throw new BadUploadError('the upload is empty');
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return { tempPath, sizeBytes, sha256: hash.digest('hex') };
}

/** Remove a received upload's temporary folder. */
export async function discardUpload(tempPath: string): Promise<void> {
  await rm(join(tempPath, '..'), { recursive: true, force: true });
}
