/**
 * Connected-component labelling of a binary 3D mask (6-, 18- or 26-connectivity).
 *
 * Iterative breadth-first flood fill with one preallocated Int32Array queue: no recursion,
 * no per-voxel closures, O(voxels × neighbours). Components are numbered 1..count in the
 * order their first voxel appears in memory (i fastest, then j, then k).
 */
import { VolumeShapeError } from '../errors.ts';
import type { Vec3 } from '../geometry.ts';

export type Connectivity = 6 | 18 | 26;

export interface ConnectedComponents {
  /** Per voxel: 0 = background, c = component c (1-based). Same length and layout as the mask. */
  labels: Int32Array;
  /** Number of components. */
  count: number;
  /** sizes[c - 1] = number of voxels in component c. */
  sizes: number[];
}

/** Neighbour offsets (di, dj, dk) for a connectivity, as one flat Int8Array of triples. */
export function neighbourOffsets(connectivity: Connectivity): Int8Array {
  const out: number[] = [];
  for (let dk = -1; dk <= 1; dk++) {
    for (let dj = -1; dj <= 1; dj++) {
      for (let di = -1; di <= 1; di++) {
        const n = Math.abs(di) + Math.abs(dj) + Math.abs(dk);
        if (n === 0) continue;
        if (connectivity === 6 && n > 1) continue;
        if (connectivity === 18 && n > 2) continue;
        out.push(di, dj, dk);
      }
    }
  }
  return Int8Array.from(out);
}

/**
 * Label the connected components of the non-zero voxels of `mask`.
 * @param mask  voxel values, any non-zero value is foreground; i fastest, length dims[0]·dims[1]·dims[2]
 * @param dims  grid size in voxels [ni, nj, nk]
 * @param connectivity 6 (faces), 18 (faces + edges) or 26 (faces + edges + corners); default 26
 * @throws VolumeShapeError when dims are not positive integers or do not match the mask length,
 *   or the connectivity is not 6, 18 or 26
 */
export function connectedComponents(mask: Uint8Array, dims: Vec3, connectivity: Connectivity = 26): ConnectedComponents {
  if (dims.length !== 3 || dims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new VolumeShapeError(`connectedComponents: dims must be three positive integers, got [${dims.join(', ')}]`);
  }
  if (connectivity !== 6 && connectivity !== 18 && connectivity !== 26) {
    throw new VolumeShapeError(`connectedComponents: connectivity must be 6, 18 or 26, got ${String(connectivity)}`);
  }
  const [nx, ny, nz] = dims;
  const n = nx * ny * nz;
  if (mask.length !== n) {
    throw new VolumeShapeError(`connectedComponents: mask has ${mask.length} voxels but dims [${dims.join(', ')}] need ${n}`);
  }
  const offsets = neighbourOffsets(connectivity);
  const nOff = offsets.length / 3;
  const labels = new Int32Array(n);
  const queue = new Int32Array(n);
  const sizes: number[] = [];
  const plane = nx * ny;
  let count = 0;

  for (let seed = 0; seed < n; seed++) {
    if (mask[seed] === 0 || labels[seed] !== 0) continue;
    count++;
    labels[seed] = count;
    let head = 0;
    let tail = 0;
    queue[tail++] = seed;
    while (head < tail) {
      const v = queue[head++]!;
      const k = (v / plane) | 0;
      const rem = v - k * plane;
      const j = (rem / nx) | 0;
      const i = rem - j * nx;
      for (let o = 0; o < nOff; o++) {
        const ii = i + offsets[3 * o]!;
        const jj = j + offsets[3 * o + 1]!;
        const kk = k + offsets[3 * o + 2]!;
        if (ii < 0 || jj < 0 || kk < 0 || ii >= nx || jj >= ny || kk >= nz) continue;
        const w = ii + nx * jj + plane * kk;
        if (mask[w] !== 0 && labels[w] === 0) {
          labels[w] = count;
          queue[tail++] = w;
        }
      }
    }
    sizes.push(tail);
  }
  return { labels, count, sizes };
}
