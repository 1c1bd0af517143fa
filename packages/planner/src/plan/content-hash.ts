/**
 * Hashes for the report and the simulation cache: canonical JSON (sorted keys), the voxel content of
 * a volume (header + data, never stored), and the plan input. Only hashes leave this module.
 */
import { createHash } from 'node:crypto';
import type { LabelVolume, Volume } from '@mewm/dicom';
import type { PlanInput } from './contracts.ts';

/** JSON with object keys sorted at every level (arrays keep their order); undefined fields dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

export function sha256Text(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Content hashes already computed, per voxel array and header line (volumes are never modified in place). */
const contentHashes = new WeakMap<ArrayBufferView, Map<string, string>>();

/**
 * sha256 of a volume's content: a header line (dtype, dims, spacing, affine) then the voxel bytes
 * (little-endian, x fastest). The same voxels on the same grid always give the same hash, whatever
 * file format they came from or are written to.
 *
 * Memoised per voxel array (and header): the CLI, the plan input hash and the report hash the same CT,
 * which is hashed once. Like everything else in the plan, this relies on volumes not being modified
 * in place once made; a caller that does modify one must hash a copy.
 */
export function volumeContentSha256(volume: Volume | LabelVolume): string {
  const { data } = volume;
  const header = canonicalJson({ dtype: data.constructor.name, dims: volume.dims, spacingMm: volume.spacingMm, affineRas: volume.affineRas });
  let byHeader = contentHashes.get(data);
  const cached = byHeader?.get(header);
  if (cached) return cached;
  const hash = createHash('sha256').update(`${header}\n`).update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
  if (!byHeader) contentHashes.set(data, (byHeader = new Map<string, string>()));
  byHeader.set(header, hash);
  return hash;
}

const inputHashes = new WeakMap<PlanInput, string>();

/** One hash for everything in the input that changes a simulated sample or its score (memoised per input object). */
export function planInputHash(input: PlanInput): string {
  const cached = inputHashes.get(input);
  if (cached) return cached;
  const h = sha256Text(canonicalJson({
    ct: volumeContentSha256(input.ct),
    lesionMask: volumeContentSha256(input.lesionMask),
    liverMask: input.liverMask ? volumeContentSha256(input.liverMask) : null,
    vesselMask: input.vesselMask ? volumeContentSha256(input.vesselMask) : null,
    liverCondition: input.liverCondition ?? null,
    clinical: input.clinical,
  }));
  inputHashes.set(input, h);
  return h;
}
