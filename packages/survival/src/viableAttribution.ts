/**
 * Which baseline lesion each viable follow-up voxel belongs to. Viable voxels are grouped into
 * 26-connected components; a component that overlaps baseline lesions belongs to the one it
 * overlaps most, one that only touches (26-neighbourhood) a lesion belongs to the one it touches
 * most (growth at the margin of a lesion whose own voxels all became necrotic), ties to the lower
 * lesion number. A component that neither overlaps nor touches any baseline lesion is a new lesion.
 */
import { connectedComponents, type Vec3 } from '@mewm/dicom';

export interface ViableAttribution {
  /** Per crop voxel: the owning baseline lesion (1..m), 0 if not viable or part of a new lesion. */
  readonly owner: Int32Array;
  /** Per crop voxel: the new-lesion number (1..k), 0 otherwise. */
  readonly newLesion: Int32Array;
  readonly newLesionCount: number;
}

function argmaxLesion(counts: Map<number, number> | undefined): number {
  if (!counts) return 0;
  let best = 0;
  let bestCount = 0;
  for (const [lesion, count] of counts) {
    if (count > bestCount || (count === bestCount && lesion < best)) {
      best = lesion;
      bestCount = count;
    }
  }
  return best;
}

/**
 * @param viable 1 for viable voxels (crop grid)
 * @param lesionLabel baseline lesion number per voxel (0 = none), crop grid
 */
export function attributeViable(viable: Uint8Array, lesionLabel: Int32Array, dims: Vec3): ViableAttribution {
  const n = viable.length;
  const cc = connectedComponents(viable, dims, 26);
  const overlap = new Map<number, Map<number, number>>();
  const bump = (table: Map<number, Map<number, number>>, comp: number, lesion: number): void => {
    let m = table.get(comp);
    if (!m) table.set(comp, (m = new Map<number, number>()));
    m.set(lesion, (m.get(lesion) ?? 0) + 1);
  };
  for (let v = 0; v < n; v++) {
    const c = cc.labels[v]!;
    if (c !== 0 && lesionLabel[v]! !== 0) bump(overlap, c, lesionLabel[v]!);
  }
  const ownerOf = new Int32Array(cc.count + 1);
  const lonely = new Set<number>();
  for (let c = 1; c <= cc.count; c++) {
    ownerOf[c] = argmaxLesion(overlap.get(c));
    if (ownerOf[c] === 0) lonely.add(c);
  }
  if (lonely.size > 0) {
    const touch = new Map<number, Map<number, number>>();
    const [nx, ny, nz] = dims;
    const plane = nx * ny;
    for (let v = 0; v < n; v++) {
      const c = cc.labels[v]!;
      if (c === 0 || !lonely.has(c)) continue;
      const k = Math.floor(v / plane);
      const j = Math.floor((v - k * plane) / nx);
      const i = v - k * plane - j * nx;
      for (let dk = -1; dk <= 1; dk++) {
        for (let dj = -1; dj <= 1; dj++) {
          for (let di = -1; di <= 1; di++) {
            const ii = i + di, jj = j + dj, kk = k + dk;
            if (ii < 0 || jj < 0 || kk < 0 || ii >= nx || jj >= ny || kk >= nz) continue;
            const l = lesionLabel[ii + nx * jj + plane * kk]!;
            if (l !== 0) bump(touch, c, l);
          }
        }
      }
    }
    for (const c of lonely) ownerOf[c] = argmaxLesion(touch.get(c));
  }
  const newNumber = new Int32Array(cc.count + 1);
  let newLesionCount = 0;
  for (let c = 1; c <= cc.count; c++) if (ownerOf[c] === 0) newNumber[c] = ++newLesionCount;
  const owner = new Int32Array(n);
  const newLesion = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    const c = cc.labels[v]!;
    if (c === 0) continue;
    owner[v] = ownerOf[c]!;
    newLesion[v] = newNumber[c]!;
  }
  return { owner, newLesion, newLesionCount };
}

/** Voxel counts per baseline lesion (in `ids` order) and per new lesion, from an attribution. */
export interface LesionVoxelTally {
  /** Baseline voxels of each lesion. */
  readonly base: Float64Array;
  /** Viable voxels owned by each lesion (inside it or grown from it). */
  readonly viable: Float64Array;
  /** Of those, outside the baseline lesion (growth). */
  readonly growth: Float64Array;
  /** Necrotic (or treated) voxels inside each baseline lesion. */
  readonly necrotic: Float64Array;
  /** Lipiodol voxels inside each baseline lesion. */
  readonly lipiodol: Float64Array;
  /** Viable voxels of new lesion q at index q (index 0 unused). */
  readonly newLesion: Float64Array;
  /** Necrotic voxels outside every baseline lesion. */
  readonly unattributedNecrotic: number;
}

/**
 * Count each lesion's baseline, viable, growth, necrotic and Lipiodol voxels, and each new lesion's
 * viable voxels: the one tally behind the label-map features (imagingFeatures) and the image
 * measurement (measureResponse), which differ only in how a voxel is called necrotic or Lipiodol.
 */
export function tallyLesionVoxels(
  lesionLabel: Int32Array, ids: readonly number[], attribution: ViableAttribution,
  isNecrotic: (v: number) => boolean, isLipiodol: (v: number) => boolean,
): LesionVoxelTally {
  const index = new Map(ids.map((id, k) => [id, k]));
  const m = ids.length;
  const base = new Float64Array(m), viable = new Float64Array(m), growth = new Float64Array(m);
  const necrotic = new Float64Array(m), lipiodol = new Float64Array(m);
  const newLesion = new Float64Array(attribution.newLesionCount + 1);
  let unattributedNecrotic = 0;
  for (let v = 0; v < lesionLabel.length; v++) {
    const l = lesionLabel[v]!;
    if (l !== 0) base[index.get(l)!]!++;
    const owner = attribution.owner[v]!;
    if (owner !== 0) {
      viable[index.get(owner)!]!++;
      if (l === 0) growth[index.get(owner)!]!++;
    } else if (attribution.newLesion[v]! !== 0) newLesion[attribution.newLesion[v]!]!++;
    if (isNecrotic(v)) {
      if (l !== 0) necrotic[index.get(l)!]!++;
      else unattributedNecrotic++;
    }
    if (l !== 0 && isLipiodol(v)) lipiodol[index.get(l)!]!++;
  }
  return { base, viable, growth, necrotic, lipiodol, newLesion, unattributedNecrotic };
}
