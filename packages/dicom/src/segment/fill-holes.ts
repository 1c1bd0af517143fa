/**
 * Hole filling: background not connected to the grid border becomes foreground. In 3D (6-connected
 * background) and slice by slice in the axial (k) planes (4-connected), so that a necrotic centre
 * or an enhancing rim's interior that is open above or below still ends up inside the lesion.
 */
import type { Vec3 } from '../geometry.ts';

/**
 * Fill every background region not 6-connected to the grid border. Returns a new mask.
 * A grid one slice thick (nz = 1) is treated as 2D: only its i and j edges are border.
 */
export function fillHoles3d(mask: Uint8Array, dims: Vec3): Uint8Array {
  const [nx, ny, nz] = dims;
  const outside = new Uint8Array(mask.length);
  const stack: number[] = [];
  const seed = (v: number) => {
    if (mask[v] === 0 && outside[v] === 0) {
      outside[v] = 1;
      stack.push(v);
    }
  };
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        if (i === 0 || j === 0 || i === nx - 1 || j === ny - 1 || (nz > 1 && (k === 0 || k === nz - 1))) seed(i + nx * (j + ny * k));
      }
    }
  }
  const sxy = nx * ny;
  while (stack.length > 0) {
    const v = stack.pop()!;
    const i = v % nx;
    const j = ((v - i) / nx) % ny;
    const k = (v - i - j * nx) / sxy;
    if (i > 0) seed(v - 1);
    if (i < nx - 1) seed(v + 1);
    if (j > 0) seed(v - nx);
    if (j < ny - 1) seed(v + nx);
    if (k > 0) seed(v - sxy);
    if (k < nz - 1) seed(v + sxy);
  }
  const out = new Uint8Array(mask.length);
  for (let v = 0; v < out.length; v++) out[v] = outside[v] === 0 ? 1 : 0;
  return out;
}

/** Fill holes in each axial slice (constant k) separately, 4-connected background. Returns a new mask. */
export function fillHolesAxial(mask: Uint8Array, dims: Vec3): Uint8Array {
  const [nx, ny, nz] = dims;
  const out = new Uint8Array(mask.length);
  const sxy = nx * ny;
  for (let k = 0; k < nz; k++) {
    const slice = mask.subarray(k * sxy, (k + 1) * sxy);
    const filled = fillHoles3d(slice, [nx, ny, 1]);
    out.set(filled, k * sxy);
  }
  return out;
}
