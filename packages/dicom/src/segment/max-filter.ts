/**
 * Grayscale dilation (running maximum) over a cuboid of half-width `radiusMm` per axis, separable.
 * On a hypodense object it lifts every channel thinner than about 2 × radius to the brightness of
 * its surroundings, so a flood cannot creep along partial-volume layers and thin structures; the
 * object's interior keeps its values (it is eroded by the cuboid).
 */
import type { Vec3 } from '../geometry.ts';

/** Half-width in voxels along each axis for a radius in mm (floor: never wider than the radius). */
export function cuboidHalfWidths(spacingMm: Vec3, radiusMm: number): Vec3 {
  return [0, 1, 2].map((a) => Math.max(0, Math.floor(radiusMm / spacingMm[a]! + 1e-9))) as Vec3;
}

/**
 * Running maximum over a (2h+1)-voxel window along each axis (h from cuboidHalfWidths); at the
 * edges the window holds only the voxels that exist. Returns a new array.
 */
export function maxFilter(values: Float32Array, dims: Vec3, halfWidths: Vec3): Float32Array {
  let cur: Float32Array = Float32Array.from(values);
  for (let axis = 0; axis < 3; axis++) {
    const h = halfWidths[axis]!;
    if (h === 0 || dims[axis]! < 2) continue;
    const out = new Float32Array(cur.length);
    forEachLineBlock(dims, axis, (src, dst, stride, n, width) => {
      // Rows of `width` contiguous voxels, `n` of them along the axis, `stride` apart.
      for (let t = 0; t < n; t++) {
        const lo = Math.max(0, t - h), hi = Math.min(n - 1, t + h);
        const o = dst + t * stride;
        if (width === 1) {
          let m = cur[src + lo * stride]!;
          for (let q = lo + 1; q <= hi; q++) if (cur[src + q * stride]! > m) m = cur[src + q * stride]!;
          out[o] = m;
          continue;
        }
        out.set(cur.subarray(src + lo * stride, src + lo * stride + width), o);
        for (let q = lo + 1; q <= hi; q++) {
          const base = src + q * stride;
          for (let x = 0; x < width; x++) {
            const val = cur[base + x]!;
            if (val > out[o + x]!) out[o + x] = val;
          }
        }
      }
    });
    cur = out;
  }
  return cur;
}

/** Binary dilation of a mask by the same cuboid (1 where any voxel of the window is non-zero). */
export function dilateCuboid(mask: Uint8Array, dims: Vec3, halfWidths: Vec3): Uint8Array {
  let cur: Uint8Array = Uint8Array.from(mask);
  for (let axis = 0; axis < 3; axis++) {
    const h = halfWidths[axis]!;
    if (h === 0 || dims[axis]! < 2) continue;
    const out = new Uint8Array(cur.length);
    forEachLineBlock(dims, axis, (src, dst, stride, n, width) => {
      for (let t = 0; t < n; t++) {
        const lo = Math.max(0, t - h), hi = Math.min(n - 1, t + h);
        const o = dst + t * stride;
        for (let q = lo; q <= hi; q++) {
          const base = src + q * stride;
          for (let x = 0; x < width; x++) out[o + x]! |= cur[base + x]!;
        }
      }
    });
    cur = out;
  }
  for (let v = 0; v < cur.length; v++) if (cur[v]! > 1) cur[v] = 1;
  return cur;
}

/**
 * Visit a grid as blocks of lines along `axis`, arranged so the innermost loop of the callback runs
 * over contiguous memory: for axis 0 each block is one line (width 1, stride 1); for axes 1 and 2
 * each block is a set of lines side by side along i (width = dims[0], or dims[0]·dims[1] for axis 2).
 * Source and destination share the layout, so `src === dst` offsets.
 */
export function forEachLineBlock(
  dims: Vec3,
  axis: number,
  fn: (src: number, dst: number, stride: number, n: number, width: number) => void,
): void {
  const [nx, ny, nz] = dims;
  if (axis === 0) {
    for (let r = 0; r < ny * nz; r++) fn(r * nx, r * nx, 1, nx, 1);
  } else if (axis === 1) {
    for (let k = 0; k < nz; k++) fn(k * nx * ny, k * nx * ny, nx, ny, nx);
  } else {
    fn(0, 0, nx * ny, nz, nx * ny);
  }
}
