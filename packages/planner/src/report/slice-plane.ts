/**
 * Display planes through a volume, in world (RAS+) millimetres, for key-slice images.
 *
 * The image frame follows the radiological display convention, derived from `affineRas` (never from
 * an assumed voxel order): image columns run from the patient's Right (image left) to Left (image
 * right); axial rows run from Anterior (top) to Posterior, coronal rows from Superior (top) to Inferior.
 * Pixels are square (`pixelMm` on both axes), so anisotropic voxels (e.g. 0.8 × 0.8 × 5 mm) are
 * resampled to the right aspect. The plane covers the volume's RAS bounding box; pixels outside the
 * volume take a fill value.
 */
import { applyAffine, invertAffine, type Vec3, type VolumeGrid } from '@mewm/dicom';
import { ReportInputError } from './report-errors.ts';

export type SliceOrientation = 'axial' | 'coronal';

export interface SlicePlane {
  orientation: SliceOrientation;
  widthPx: number;
  heightPx: number;
  /** Edge of a (square) pixel, mm. */
  pixelMm: number;
  /** RAS+ position of the centre of pixel (column 0, row 0), mm. */
  originRas: Vec3;
  /** RAS+ step from one column to the next (toward the patient's left), mm. */
  colStepRas: Vec3;
  /** RAS+ step from one row to the next (toward posterior on axial, inferior on coronal), mm. */
  rowStepRas: Vec3;
}

/** World axes (0 = R, 1 = A, 2 = S) of the image columns, rows and plane normal; all displayed in the negative direction. */
const AXES: Record<SliceOrientation, { col: 0 | 1 | 2; row: 0 | 1 | 2; normal: 0 | 1 | 2 }> = {
  axial: { col: 0, row: 1, normal: 2 },
  coronal: { col: 0, row: 2, normal: 1 },
};

/** RAS+ bounding box of a grid, voxel edges included (corners at index −0.5 and dims − 0.5). */
export function gridBoundsRas(grid: VolumeGrid): { min: Vec3; max: Vec3 } {
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (let c = 0; c < 8; c++) {
    const ijk: Vec3 = [
      c & 1 ? grid.dims[0] - 0.5 : -0.5,
      c & 2 ? grid.dims[1] - 0.5 : -0.5,
      c & 4 ? grid.dims[2] - 0.5 : -0.5,
    ];
    const p = applyAffine(grid.affineRas, ijk);
    for (let a = 0; a < 3; a++) {
      min[a] = Math.min(min[a]!, p[a]!);
      max[a] = Math.max(max[a]!, p[a]!);
    }
  }
  return { min, max };
}

/** Spacing of the voxel axis that runs most nearly along world axis `a`, mm. */
function spacingAlongWorldAxis(grid: VolumeGrid, a: number): number {
  let best = 0;
  for (let c = 1; c < 3; c++) if (Math.abs(grid.affineRas[a]![c]!) > Math.abs(grid.affineRas[a]![best]!)) best = c;
  return grid.spacingMm[best]!;
}

/**
 * The axial or coronal display plane through `throughRas`.
 * @param maxPx longest image side allowed; the pixel grows beyond the finest spacing if needed
 * @throws ReportInputError for a non-finite point or one outside the volume's bounding box
 */
export function slicePlane(grid: VolumeGrid, orientation: SliceOrientation, throughRas: Vec3, maxPx = 1024): SlicePlane {
  if (!throughRas.every(Number.isFinite)) throw new ReportInputError('slicePlane: throughRas must be three finite numbers (RAS+ mm)');
  if (!(Number.isInteger(maxPx) && maxPx >= 16)) throw new ReportInputError(`slicePlane: maxPx must be an integer ≥ 16, got ${maxPx}`);
  const { col, row, normal } = AXES[orientation];
  const { min, max } = gridBoundsRas(grid);
  if (throughRas[normal] < min[normal] || throughRas[normal] > max[normal]) {
    throw new ReportInputError(`slicePlane: the ${orientation} plane at ${'RAS'[normal]} = ${throughRas[normal].toFixed(1)} mm lies outside the volume`);
  }
  const extentCol = max[col] - min[col];
  const extentRow = max[row] - min[row];
  let pixelMm = Math.min(spacingAlongWorldAxis(grid, col), spacingAlongWorldAxis(grid, row));
  pixelMm = Math.max(pixelMm, extentCol / maxPx, extentRow / maxPx);
  const widthPx = Math.max(1, Math.min(maxPx, Math.round(extentCol / pixelMm)));
  const heightPx = Math.max(1, Math.min(maxPx, Math.round(extentRow / pixelMm)));
  const originRas: Vec3 = [0, 0, 0];
  originRas[col] = max[col] - pixelMm / 2;
  originRas[row] = max[row] - pixelMm / 2;
  originRas[normal] = throughRas[normal]!;
  const colStepRas: Vec3 = [0, 0, 0];
  colStepRas[col] = -pixelMm;
  const rowStepRas: Vec3 = [0, 0, 0];
  rowStepRas[row] = -pixelMm;
  return { orientation, widthPx, heightPx, pixelMm, originRas, colStepRas, rowStepRas };
}

/** RAS+ position of the centre of pixel (c, r). */
export function planePixelToRas(plane: SlicePlane, c: number, r: number): Vec3 {
  const { originRas: o, colStepRas: u, rowStepRas: v } = plane;
  return [o[0] + c * u[0] + r * v[0], o[1] + c * u[1] + r * v[1], o[2] + c * u[2] + r * v[2]];
}

/** Fractional pixel (column, row) of a RAS+ point projected onto the plane. */
export function rasToPlanePixel(plane: SlicePlane, ras: Vec3): [number, number] {
  const d: Vec3 = [ras[0] - plane.originRas[0], ras[1] - plane.originRas[1], ras[2] - plane.originRas[2]];
  const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  const p2 = plane.pixelMm * plane.pixelMm;
  return [dot(d, plane.colStepRas) / p2, dot(d, plane.rowStepRas) / p2];
}

/**
 * Sample a scalar grid on the plane: trilinear (`linear`) or nearest voxel (`nearest`, for labels).
 * Pixels whose centre lies outside the volume get `fill`. Returns row-major values, column fastest.
 */
export function samplePlane(
  grid: VolumeGrid & { data: ArrayLike<number> },
  plane: SlicePlane,
  mode: 'linear' | 'nearest',
  fill: number,
): Float32Array {
  const inv = invertAffine(grid.affineRas);
  const at = (c: number, r: number) => applyAffine(inv, planePixelToRas(plane, c, r));
  const p0 = at(0, 0);
  const pc = at(1, 0);
  const pr = at(0, 1);
  const dc: Vec3 = [pc[0] - p0[0], pc[1] - p0[1], pc[2] - p0[2]];
  const dr: Vec3 = [pr[0] - p0[0], pr[1] - p0[1], pr[2] - p0[2]];
  const [nx, ny, nz] = grid.dims;
  const nxy = nx * ny;
  const data = grid.data;
  const out = new Float32Array(plane.widthPx * plane.heightPx);
  const eps = 1e-6;
  // defined once, not per pixel (a closure made in the loop costs more than the interpolation)
  const v = (i: number, j: number, k: number) => data[i + nx * j + nxy * k]!;
  for (let r = 0, o = 0; r < plane.heightPx; r++) {
    for (let c = 0; c < plane.widthPx; c++, o++) {
      const x = p0[0] + c * dc[0] + r * dr[0];
      const y = p0[1] + c * dc[1] + r * dr[1];
      const z = p0[2] + c * dc[2] + r * dr[2];
      if (x < -0.5 - eps || y < -0.5 - eps || z < -0.5 - eps || x > nx - 0.5 + eps || y > ny - 0.5 + eps || z > nz - 0.5 + eps) {
        out[o] = fill;
        continue;
      }
      if (mode === 'nearest') {
        const i = Math.min(nx - 1, Math.max(0, Math.round(x)));
        const j = Math.min(ny - 1, Math.max(0, Math.round(y)));
        const k = Math.min(nz - 1, Math.max(0, Math.round(z)));
        out[o] = data[i + nx * j + nxy * k]!;
        continue;
      }
      const xc = Math.min(nx - 1, Math.max(0, x));
      const yc = Math.min(ny - 1, Math.max(0, y));
      const zc = Math.min(nz - 1, Math.max(0, z));
      const i0 = Math.min(nx - 1, Math.floor(xc)), j0 = Math.min(ny - 1, Math.floor(yc)), k0 = Math.min(nz - 1, Math.floor(zc));
      const i1 = Math.min(nx - 1, i0 + 1), j1 = Math.min(ny - 1, j0 + 1), k1 = Math.min(nz - 1, k0 + 1);
      const fx = xc - i0, fy = yc - j0, fz = zc - k0;
      const c00 = v(i0, j0, k0) * (1 - fx) + v(i1, j0, k0) * fx;
      const c10 = v(i0, j1, k0) * (1 - fx) + v(i1, j1, k0) * fx;
      const c01 = v(i0, j0, k1) * (1 - fx) + v(i1, j0, k1) * fx;
      const c11 = v(i0, j1, k1) * (1 - fx) + v(i1, j1, k1) * fx;
      out[o] = (c00 * (1 - fy) + c10 * fy) * (1 - fz) + (c01 * (1 - fy) + c11 * fy) * fz;
    }
  }
  return out;
}
