/**
 * Lesion masks of a case. The case's mask is its LATEST LesionMask row (other parts, such as plan
 * jobs, read it that way): a binary label map (1 = lesion) on the grid of one series, stored as NIfTI
 * in the data directory. Every change (a click-to-segment adds a lesion, an import or an edited
 * drawing replaces the mask, removing a lesion) writes a new row, so older rows are the history.
 *
 * The lesion list is computed from the latest mask: its 26-connected components, each measured with
 * @mewm/dicom's measureMask (volume mL, longest axial diameter mm, centroid RAS mm), largest first.
 */
import 'server-only';
import { readFile } from 'node:fs/promises';
import { lesionComponents, measureMask, readNiftiLabels, type LabelVolume, type Mat4, type Vec3 } from '@mewm/dicom';
import { NotFoundError } from '../errors.ts';
import type { ServiceContext } from './context.ts';

export type LesionMaskOrigin = 'import-nifti' | 'import-seg' | 'seeded' | 'drawn';

export interface LesionView {
  /** 1-based, largest lesion first. */
  index: number;
  label: string;
  voxelCount: number;
  volumeMl: number;
  longestAxialDiameterMm: number;
  centroidRas: Vec3;
}

export interface LesionMaskView {
  id: string;
  caseId: string;
  seriesId: string;
  name: string;
  origin: LesionMaskOrigin;
  /** Total volume of the mask, mL. */
  volumeMl: number | null;
  /** Longest axial diameter of the largest lesion, mm. */
  diameterMm: number | null;
  sha256: string;
  createdAt: string;
}

export interface CaseLesions {
  /** The case's current mask (its latest row); null when none was made. */
  mask: LesionMaskView | null;
  lesions: LesionView[];
}

export const lesionMaskViewSelect = {
  id: true, caseId: true, seriesId: true, name: true, origin: true, volumeMl: true, diameterMm: true, sha256: true, createdAt: true,
} as const;

type LesionMaskRow = {
  id: string; caseId: string; seriesId: string; name: string; origin: string;
  volumeMl: number | null; diameterMm: number | null; sha256: string; createdAt: Date;
};

export function toLesionMaskView(r: LesionMaskRow): LesionMaskView {
  return { ...r, origin: r.origin as LesionMaskOrigin, createdAt: r.createdAt.toISOString() };
}

/** The latest LesionMask row of a case (the case's mask), or null. */
export async function latestLesionMask(ctx: ServiceContext, caseId: string): Promise<LesionMaskView | null> {
  const row = await ctx.db.lesionMask.findFirst({
    where: { caseId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: lesionMaskViewSelect,
  });
  return row ? toLesionMaskView(row) : null;
}

/** The case's mask and its lesions. */
export async function getCaseLesions(ctx: ServiceContext, caseId: string): Promise<CaseLesions> {
  const exists = await ctx.db.case.findUnique({ where: { id: caseId }, select: { id: true } });
  if (!exists) throw new NotFoundError('case', caseId);
  const mask = await latestLesionMask(ctx, caseId);
  if (!mask) return { mask: null, lesions: [] };
  return { mask, lesions: measureLesions(await readLesionMask(ctx, mask.id)) };
}

/** The stored label map of a mask row. */
export async function readLesionMask(ctx: ServiceContext, maskId: string): Promise<LabelVolume> {
  const file = await lesionMaskFile(ctx, maskId);
  return readNiftiLabels(new Uint8Array(await readFile(file.path)));
}

/** The stored NIfTI of a mask row, for streaming to the viewer. */
export async function lesionMaskFile(ctx: ServiceContext, maskId: string): Promise<{ path: string; sha256: string }> {
  const row = await ctx.db.lesionMask.findUnique({ where: { id: maskId }, select: { filePath: true, sha256: true } });
  if (!row) throw new NotFoundError('lesion mask', maskId);
  return { path: ctx.dataDir.resolveStored(row.filePath), sha256: row.sha256 };
}

/**
 * Components of a binary mask, measured, largest first (empty list for an empty mask). Each component
 * is measured on its own bounding box (the affine shifted to the box), so the cost is one pass over the
 * volume plus the boxes, however many components there are.
 */
export function measureLesions(mask: LabelVolume): LesionView[] {
  const [nx, ny] = mask.dims;
  const cc = lesionComponents(mask.data, mask.dims, 26); // numbered largest first, as in the world model and the plan report
  const lo = Array.from({ length: cc.count }, () => [Infinity, Infinity, Infinity]);
  const hi = Array.from({ length: cc.count }, () => [-1, -1, -1]);
  for (let v = 0; v < cc.labels.length; v++) {
    const c = cc.labels[v]!;
    if (c === 0) continue;
    const i = v % nx, j = Math.floor(v / nx) % ny, k = Math.floor(v / (nx * ny));
    const a = lo[c - 1]!, b = hi[c - 1]!;
    if (i < a[0]!) a[0] = i;
    if (i > b[0]!) b[0] = i;
    if (j < a[1]!) a[1] = j;
    if (j > b[1]!) b[1] = j;
    if (k < a[2]!) a[2] = k;
    if (k > b[2]!) b[2] = k;
  }
  const order = cc.sizes.map((size, c) => ({ size, label: c + 1 }));
  return order.map(({ label }, n) => {
    const a = lo[label - 1]!, b = hi[label - 1]!;
    const dims: Vec3 = [b[0]! - a[0]! + 1, b[1]! - a[1]! + 1, b[2]! - a[2]! + 1];
    const data = new Uint8Array(dims[0] * dims[1] * dims[2]);
    let w = 0;
    for (let k = a[2]!; k <= b[2]!; k++) {
      for (let j = a[1]!; j <= b[1]!; j++) {
        const row = nx * (j + ny * k);
        for (let i = a[0]!; i <= b[0]!; i++, w++) data[w] = cc.labels[row + i] === label ? 1 : 0;
      }
    }
    const m = mask.affineRas;
    const shift = (r: number) => m[r]![0] * a[0]! + m[r]![1] * a[1]! + m[r]![2] * a[2]! + m[r]![3];
    const affineRas = [
      [m[0][0], m[0][1], m[0][2], shift(0)],
      [m[1][0], m[1][1], m[1][2], shift(1)],
      [m[2][0], m[2][1], m[2][2], shift(2)],
      [0, 0, 0, 1],
    ] as unknown as Mat4;
    const meas = measureMask({ dims, spacingMm: mask.spacingMm, affineRas, data, labels: { 1: 'lesion' } });
    return {
      index: n + 1,
      label: `Lesion ${n + 1}`,
      voxelCount: meas.voxelCount,
      volumeMl: meas.volumeMl,
      longestAxialDiameterMm: meas.longestAxialDiameterMm,
      centroidRas: meas.centroidRas,
    };
  });
}
