/**
 * The region of a baseline lesion mask and a follow-up tissue-state map that holds tumour, cut out
 * in one pass so that feature extraction on a 512 x 512 x n CT touches the full grid only once.
 * Also validates the grids and every state label against the encoding.
 */
import { assertGrid, sameGrid, type LabelVolume, type Vec3, type VolumeGrid } from '@mewm/dicom';
import { SurvivalInputError } from './errors.ts';
import { CATEGORY_CODE, UNLISTED_LABEL } from './tissueStateEncoding.ts';

export interface TumourCrop {
  /** Voxel-index box in the full grid, both ends inclusive; null when there is no tumour at all. */
  readonly min: Vec3;
  readonly max: Vec3;
  readonly dims: Vec3;
  /** Baseline lesion mask values (any non-zero = lesion) inside the box, i fastest. */
  readonly lesion: Uint8Array;
  /** Category codes (CATEGORY_CODE) of the follow-up state map inside the box. */
  readonly category: Uint8Array;
}

/** Categories that are tumour wherever they lie (outside lesions too). */
function tumourAnywhere(code: number): boolean {
  return code === CATEGORY_CODE.viable || code === CATEGORY_CODE.necrosis || code === CATEGORY_CODE.lipiodol;
}

/**
 * Checks that `grid` is a consistent grid (dims, data length, spacing vs affine).
 * @throws SurvivalInputError naming `argument`.
 */
export function checkGrid(grid: VolumeGrid & { data: ArrayLike<number> }, argument: string): void {
  if (grid === null || typeof grid !== 'object' || !Array.isArray(grid.dims) || !Array.isArray(grid.affineRas) || grid.data?.length === undefined) {
    throw new SurvivalInputError(argument, 'expected a volume { data, dims, spacingMm, affineRas }');
  }
  try {
    assertGrid(grid, argument);
  } catch (e) {
    throw new SurvivalInputError(argument, e instanceof Error ? e.message : String(e));
  }
}

/**
 * Finds the box holding every baseline lesion voxel and every follow-up voxel of a tumour category
 * (viable, necrosis, Lipiodol), and copies both maps inside it. Every state label must be listed in
 * `lookup` (categoryLookup).
 * @throws SurvivalInputError for a state label the encoding does not list (its value, never a position).
 */
export function cropTumour(lesions: LabelVolume, states: LabelVolume, lookup: Uint8Array): TumourCrop | null {
  const [nx, ny, nz] = lesions.dims;
  const les = lesions.data;
  const st = states.data;
  const unlisted = (label: number): never => {
    throw new SurvivalInputError('followUp.states', `label ${label} is not listed in the tissue-state encoding`);
  };
  const zeroCode = lookup[0]!;
  const zeroIsTumour = tumourAnywhere(zeroCode);
  // Fast path: four voxels per 32-bit word where both maps are zero.
  const words = nx % 4 === 0 && les.byteOffset % 4 === 0 && st.byteOffset % 4 === 0 && !zeroIsTumour;
  const les32 = words ? new Uint32Array(les.buffer, les.byteOffset, les.length >> 2) : null;
  const st32 = words ? new Uint32Array(st.buffer, st.byteOffset, st.length >> 2) : null;
  let zeroSeen = false;
  const min: Vec3 = [nx, ny, nz];
  const max: Vec3 = [-1, -1, -1];
  const mark = (i: number, j: number, k: number): void => {
    if (i < min[0]) min[0] = i;
    if (i > max[0]) max[0] = i;
    if (j < min[1]) min[1] = j;
    if (j > max[1]) max[1] = j;
    if (k < min[2]) min[2] = k;
    if (k > max[2]) max[2] = k;
  };
  const voxel = (v: number, i: number, j: number, k: number): void => {
    const s = st[v]!;
    const code = lookup[s]!;
    if (code === UNLISTED_LABEL) unlisted(s);
    if (s === 0) zeroSeen = true;
    if (les[v] !== 0 || tumourAnywhere(code)) mark(i, j, k);
  };
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const row = (k * ny + j) * nx;
      if (les32 && st32) {
        const w0 = row >> 2;
        for (let w = 0; w < nx >> 2; w++) {
          if ((les32[w0 + w]! | st32[w0 + w]!) === 0) {
            zeroSeen = true;
            continue;
          }
          for (let q = 0; q < 4; q++) voxel(row + 4 * w + q, 4 * w + q, j, k);
        }
      } else {
        for (let i = 0; i < nx; i++) voxel(row + i, i, j, k);
      }
    }
  }
  if (zeroSeen && zeroCode === UNLISTED_LABEL) unlisted(0);
  if (max[0] < 0) return null;
  const dims: Vec3 = [max[0] - min[0] + 1, max[1] - min[1] + 1, max[2] - min[2] + 1];
  const n = dims[0] * dims[1] * dims[2];
  const lesion = new Uint8Array(n);
  const category = new Uint8Array(n);
  let c = 0;
  for (let k = min[2]; k <= max[2]; k++) {
    for (let j = min[1]; j <= max[1]; j++) {
      const row = (k * ny + j) * nx;
      for (let i = min[0]; i <= max[0]; i++, c++) {
        lesion[c] = les[row + i]!;
        category[c] = lookup[st[row + i]!]!;
      }
    }
  }
  return { min, max, dims, lesion, category };
}

/**
 * The baseline lesion mask, the follow-up state map and both CTs must share one grid (the
 * simulation pastes its output onto the input grid; registration is not done here).
 * @throws SurvivalInputError naming the part that differs.
 */
export function checkSameGrids(parts: ReadonlyArray<{ argument: string; grid: VolumeGrid & { data: ArrayLike<number> } }>): void {
  parts.forEach((p) => checkGrid(p.grid, p.argument));
  const first = parts[0]!;
  for (const p of parts.slice(1)) {
    if (!sameGrid(first.grid, p.grid)) {
      throw new SurvivalInputError(p.argument, `is not on the grid of ${first.argument} (dims and affine must agree within 0.001 mm)`);
    }
  }
}
