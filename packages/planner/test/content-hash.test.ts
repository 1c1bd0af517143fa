/**
 * Content hashes of volumes: memoised per voxel array, but never shared between two grids that share
 * one array, and equal for equal content in different arrays.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Volume } from '@mewm/dicom';
import { canonicalJson, volumeContentSha256 } from '../src/plan/content-hash.ts';

const grid = (sx: number) => ({
  dims: [4, 3, 2] as [number, number, number],
  spacingMm: [sx, 1, 2] as [number, number, number],
  affineRas: [[sx, 0, 0, 0], [0, 1, 0, 0], [0, 0, 2, 0], [0, 0, 0, 1]] as Volume['affineRas'],
});
const volume = (data: Int16Array, sx = 1): Volume => ({ ...grid(sx), data, meta: { source: 'derived', unit: 'HU', notes: [] } });

describe('volumeContentSha256', () => {
  const data = Int16Array.from({ length: 24 }, (_, i) => i * 37 - 400);

  it('is sha256 of the header line and the little-endian voxel bytes', () => {
    const v = volume(data);
    const header = canonicalJson({ dtype: 'Int16Array', dims: v.dims, spacingMm: v.spacingMm, affineRas: v.affineRas });
    const expected = createHash('sha256').update(`${header}\n`).update(new Uint8Array(data.buffer)).digest('hex');
    expect(volumeContentSha256(v)).toBe(expected);
    expect(volumeContentSha256(v)).toBe(expected); // the memoised answer is the same
  });

  it('gives another hash for the same voxel array on another grid (the memo is per array and header)', () => {
    const a = volumeContentSha256(volume(data, 1));
    const b = volumeContentSha256(volume(data, 0.5));
    expect(b).not.toBe(a);
    expect(volumeContentSha256(volume(data, 1))).toBe(a);
  });

  it('gives the same hash for equal voxels in another array, and another for other voxels', () => {
    expect(volumeContentSha256(volume(data.slice()))).toBe(volumeContentSha256(volume(data)));
    const other = data.slice();
    other[5] = other[5]! + 1;
    expect(volumeContentSha256(volume(other))).not.toBe(volumeContentSha256(volume(data)));
  });
});
