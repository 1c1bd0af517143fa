/**
 * Bytes of a .nii or .nii.gz: gzip detection and bounded decompression with node:zlib.
 *
 * The header is read from a bounded partial inflate first, so the full decompressed size can be
 * checked against the header's own dims (and the caller's voxel limit) before anything large is
 * allocated; the full inflate then runs with `maxOutputLength` set to that size.
 */
import { constants, gunzipSync } from 'node:zlib';
import { NiftiParseError, describeThrown } from '../errors.ts';

/** True when the bytes start with the gzip magic 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Inflate the start of a gzip stream: at most `maxOut` bytes from its first 4 KiB of input. */
export function gunzipPrefix(bytes: Uint8Array, maxOut = 8 * 1024 * 1024): Uint8Array {
  try {
    return gunzipSync(bytes.subarray(0, 4096), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: maxOut });
  } catch (e) {
    throw new NiftiParseError(`gzip stream could not be inflated: ${describeThrown(e)}`, { cause: e });
  }
}

/**
 * Inflate a whole gzip stream whose output must not exceed `maxOutputBytes`.
 * @throws NiftiParseError when the stream is corrupt, truncated, or larger than the limit
 */
export function gunzipBounded(bytes: Uint8Array, maxOutputBytes: number): Uint8Array {
  try {
    return gunzipSync(bytes, { maxOutputLength: Math.max(1, Math.floor(maxOutputBytes)) });
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw new NiftiParseError(`decompressed NIfTI is larger than its header allows (${maxOutputBytes} bytes)`, { cause: e });
    }
    throw new NiftiParseError(`gzip stream could not be inflated (corrupt or truncated .nii.gz): ${describeThrown(e)}`, { cause: e });
  }
}
