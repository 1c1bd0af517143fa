/**
 * The liver a non-anatomic (wedge) resection removes, on one grid (usually the liver's bounding box):
 *
 * 1. **Margin**: each targeted tumour dilated by the margin (exact Euclidean distance in mm, so balls are
 *    balls on 0.8 × 0.8 × 5 mm voxels), clipped to the liver domain (liver mask ∪ lesions).
 * 2. **To the capsule**: when that region does not already reach the liver surface, the parenchyma
 *    between it and the capsule goes too: the region is swept along the shortest route from its
 *    shallowest voxel to the nearest voxel outside the liver until it leaves the liver (a prism as wide
 *    as tumour + margin; @mewm/dicom `shortestRouteToSurface`, `sweepToSurface`). A surgeon reaching a
 *    deep tumour divides the overlying parenchyma; the resected region therefore ends at the surface,
 *    and the follow-up shows a contour defect instead of a cavity inside intact liver.
 * 3. **Devascularised liver**: liver left without a face-connected (6-neighbour) path to the largest
 *    remaining piece is counted as resected (it has lost its blood supply). Pieces that were already
 *    separate from the main liver before the resection (segmentation islands) are left alone.
 *
 * Not modelled: vessels and bile ducts (the route may cross the hilum or a hepatic vein), Couinaud
 * segments (no anatomic resection), a route that a surgeon would not take for access reasons.
 */
import { connectedComponents, shortestRouteToSurface, sweepToSurface, type Connectivity, type Vec3 } from '@mewm/dicom';
import { squaredDistanceMm } from '../../dynamics/distance-transform-mm.ts';
import { resectionParameter } from './parameters.ts';

export interface ResectedRegionInput {
  dims: Vec3;
  spacingMm: Vec3;
  /** 1 = liver domain: the liver mask and the lesions in it. */
  domain: Uint8Array;
  /** One mask per targeted lesion (1 = tumour voxel; every voxel in the domain). */
  targets: readonly Uint8Array[];
  marginMm: number;
}

export interface ResectedRegion {
  /** 1 = resected (tumour, margin, corridor to the capsule, devascularised liver). */
  resected: Uint8Array;
  /** Per target: distance (mm) from its margin region to the capsule before the corridor; 0 when it reaches the surface. */
  depthToSurfaceMm: number[];
  /** Voxels resected by the corridors to the capsule (beyond tumour + margin). */
  corridorVoxels: number;
  /** Voxels resected because they were cut off from the main remnant. */
  devascularisedVoxels: number;
}

export function resectedRegion(input: ResectedRegionInput): ResectedRegion {
  const { dims, spacingMm, domain, marginMm } = input;
  const n = domain.length;
  const resected = new Uint8Array(n);
  const marginRegion = new Uint8Array(n);
  const depthToSurfaceMm: number[] = [];
  for (const target of input.targets) {
    const region = marginAround(target, domain, dims, spacingMm, marginMm);
    for (let v = 0; v < n; v++) if (region[v]) marginRegion[v] = 1;
    const route = shortestRouteToSurface(region, domain, dims, spacingMm);
    if (route.touchesSurface) {
      depthToSurfaceMm.push(0);
      for (let v = 0; v < n; v++) if (region[v]) resected[v] = 1;
      continue;
    }
    depthToSurfaceMm.push(route.depthMm);
    const directionMm: Vec3 = [0, 1, 2].map((a) => (route.toIjk[a]! - route.fromIjk[a]!) * spacingMm[a]!) as Vec3;
    const swept = sweepToSurface(region, domain, dims, spacingMm, directionMm, route.depthMm + extentMm(region, dims, spacingMm));
    for (let v = 0; v < n; v++) if (swept[v]) resected[v] = 1;
  }
  let corridorVoxels = 0;
  for (let v = 0; v < n; v++) if (resected[v] && !marginRegion[v]) corridorVoxels++;
  const devascularisedVoxels = removeDevascularised(domain, resected, dims);
  return { resected, depthToSurfaceMm, corridorVoxels, devascularisedVoxels };
}

/**
 * Domain voxels within `marginMm` (Euclidean, mm) of the target, computed on the target's bounding box
 * grown by the margin (the distance transform then costs what the lesion costs, not the liver).
 */
function marginAround(target: Uint8Array, domain: Uint8Array, dims: Vec3, spacingMm: Vec3, marginMm: number): Uint8Array {
  const [nx, ny] = dims;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let v = 0; v < target.length; v++) {
    if (!target[v]) continue;
    const p = [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))];
    for (let a = 0; a < 3; a++) { lo[a] = Math.min(lo[a]!, p[a]!); hi[a] = Math.max(hi[a]!, p[a]!); }
  }
  const region = new Uint8Array(target.length);
  if (lo[0] === Infinity) return region;
  const o = lo.map((l, a) => Math.max(0, l - Math.ceil(marginMm / spacingMm[a]!) - 1));
  const e = hi.map((h, a) => Math.min(dims[a]! - 1, h + Math.ceil(marginMm / spacingMm[a]!) + 1));
  const bd: Vec3 = [e[0]! - o[0]! + 1, e[1]! - o[1]! + 1, e[2]! - o[2]! + 1];
  const sub = new Uint8Array(bd[0] * bd[1] * bd[2]);
  const at = (i: number, j: number, k: number) => o[0]! + i + nx * (o[1]! + j + ny * (o[2]! + k));
  for (let k = 0, b = 0; k < bd[2]; k++) for (let j = 0; j < bd[1]; j++) for (let i = 0; i < bd[0]; i++, b++) sub[b] = target[at(i, j, k)]!;
  const d2 = squaredDistanceMm(sub, bd, spacingMm);
  const m2 = marginMm * marginMm;
  for (let k = 0, b = 0; k < bd[2]; k++) {
    for (let j = 0; j < bd[1]; j++) {
      for (let i = 0; i < bd[0]; i++, b++) {
        const g = at(i, j, k);
        if (domain[g] && d2[b]! <= m2) region[g] = 1;
      }
    }
  }
  return region;
}

/** Diagonal (mm) of the region's bounding box: the longest way a voxel of it can travel through itself. */
function extentMm(region: Uint8Array, dims: Vec3, spacingMm: Vec3): number {
  const [nx, ny] = dims;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let v = 0; v < region.length; v++) {
    if (!region[v]) continue;
    const p = [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))];
    for (let a = 0; a < 3; a++) { lo[a] = Math.min(lo[a]!, p[a]!); hi[a] = Math.max(hi[a]!, p[a]!); }
  }
  return Math.hypot(...[0, 1, 2].map((a) => (hi[a]! - lo[a]! + 1) * spacingMm[a]!));
}

/**
 * Mark as resected every remnant voxel that lost its face-connected path to the largest remaining piece
 * (only pieces of the liver component they belonged to before the resection); returns how many.
 */
function removeDevascularised(domain: Uint8Array, resected: Uint8Array, dims: Vec3): number {
  const n = domain.length;
  const remnant = new Uint8Array(n);
  let any = false;
  for (let v = 0; v < n; v++) if (domain[v] && !resected[v]) { remnant[v] = 1; any = true; }
  if (!any) return 0;
  const connectivity = resectionParameter('resection.remnantConnectivity') as Connectivity;
  const after = connectedComponents(remnant, dims, connectivity);
  if (after.count <= 1) return 0;
  const before = connectedComponents(domain, dims, connectivity);
  let main = 0;
  for (let c = 1; c < after.count; c++) if (after.sizes[c]! > after.sizes[main]!) main = c;
  const mainLabel = main + 1;
  // The pre-resection component of each post-resection piece (a piece lies inside one of them).
  const parentOf = new Int32Array(after.count + 1);
  for (let v = 0; v < n; v++) {
    const c = after.labels[v]!;
    if (c && parentOf[c] === 0) parentOf[c] = before.labels[v]!;
  }
  const mainParent = parentOf[mainLabel]!;
  let removed = 0;
  for (let v = 0; v < n; v++) {
    const c = after.labels[v]!;
    if (c && c !== mainLabel && parentOf[c] === mainParent) { resected[v] = 1; removed++; }
  }
  return removed;
}
