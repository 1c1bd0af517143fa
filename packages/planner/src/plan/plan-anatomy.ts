/**
 * The patient's anatomy for a plan: the liver (given with the request, the phantom's own, or
 * segmented from the CT by `segmentLiver`, seeded at the largest lesion), every lesion inside it, and
 * the vessels ≥ 3 mm inside the liver (`segmentVessels`). A liver or vessel segmentation that fails
 * leaves the plan without it and says so in the report (its anatomy notes): the plan goes on, with
 * margins but no remnant or heat sink. Research use only, not for clinical use.
 */
import { InputError, SegmentationError, measureMask, segmentLiver, segmentVessels, type LabelVolume, type Volume } from '@mewm/dicom';
import type { PlanAnatomy } from '@mewm/contracts';
import { labelLesions } from '@mewm/world-model';

export interface PreparedAnatomy {
  /** Liver ∪ lesions (a lesion at the capsule is liver for the anatomy). */
  liverMask?: LabelVolume;
  vesselMask?: LabelVolume;
  anatomy: PlanAnatomy;
  /** Wall times, ms. */
  timingsMs: { liver: number; vessels: number };
}

/** Whole-millilitre volume of a 0/1 mask. */
const volumeMl = (m: LabelVolume) => measureMask(m, 1).volumeMl;

/**
 * @param given the liver mask of the request or the phantom, when there is one
 * @throws what segmentLiver / segmentVessels throw other than a SegmentationError or InputError (bugs, bad grids)
 */
export function preparePlanAnatomy(ct: Volume, lesionMask: LabelVolume, given?: { mask: LabelVolume; source: 'mask' | 'phantom' }): PreparedAnatomy {
  const notes: string[] = [];
  const t0 = performance.now();
  let liver: LabelVolume | undefined;
  let liverSource: 'mask' | 'phantom' | 'segmented' = given?.source ?? 'segmented';
  if (given) liver = given.mask;
  else {
    // seeded at the largest lesion's centroid: the liver component that holds the tumour
    const seedRas = measureMask(labelLesions(lesionMask), 1).centroidRas;
    try {
      liver = segmentLiver(ct, { seedRas }).mask;
      liverSource = 'segmented';
    } catch (e) {
      if (!cannotSegment(e)) throw e;
      notes.push(`The liver could not be segmented (${e.message}): no future liver remnant, and growth and margins stay in soft tissue.`);
    }
  }
  let liverMask: LabelVolume | undefined;
  if (liver) {
    const data = new Uint8Array(liver.data.length);
    let outside = 0;
    for (let v = 0; v < data.length; v++) {
      if (liver.data[v] || lesionMask.data[v]) data[v] = 1;
      if (lesionMask.data[v] && !liver.data[v]) outside++;
    }
    if (outside > 0) notes.push(`${outside} lesion voxel(s) lay outside the liver mask and were counted as liver.`);
    liverMask = { dims: liver.dims, spacingMm: liver.spacingMm, affineRas: liver.affineRas, data, labels: { 1: 'liver' } };
  }
  const t1 = performance.now();
  let vesselMask: LabelVolume | undefined;
  if (liverMask) {
    try {
      const v = segmentVessels(ct, liverMask);
      // tumour is never vessel, nor its partial-volume voxel just outside (an enhancing rim touching a vein
      // would otherwise join it and read as a thin vessel on the tumour's surface)
      const shell = nearLesion(lesionMask);
      let inTumour = 0;
      const data = v.mask.data.map((x, i) => {
        if (x && shell[i]) { inTumour++; return 0; }
        return x ? 1 : 0;
      });
      vesselMask = { ...v.mask, data };
      if (inTumour > 0) notes.push(`${inTumour} voxel(s) the vessel segmentation found in the tumour or on its surface were left out of the vessels.`);
      if (v.stats.voxelCount === 0) notes.push('No enhancing vessel of at least 3 mm was found in the liver (an unenhanced or arterial-phase CT shows few): no heat sink is modelled.');
    } catch (e) {
      if (!cannotSegment(e)) throw e;
      notes.push(`The liver vessels could not be segmented (${e.message}): no heat sink and no vessel contact.`);
    }
  }
  const t2 = performance.now();
  return {
    ...(liverMask ? { liverMask } : {}), ...(vesselMask ? { vesselMask } : {}),
    anatomy: {
      liver: liverMask ? { source: liverSource, volumeMl: volumeMl(liverMask) } : null,
      vessels: vesselMask ? { source: 'segmented', volumeMl: vesselMask.data.some((x) => x) ? volumeMl(vesselMask) : 0 } : null,
      notes,
    },
    timingsMs: { liver: t1 - t0, vessels: t2 - t1 },
  };
}

/** 1 on the lesion and on every voxel sharing a face with it. */
function nearLesion(lesion: LabelVolume): Uint8Array {
  const [nx, ny, nz] = lesion.dims;
  const out = new Uint8Array(lesion.data.length);
  const sxy = nx * ny;
  for (let v = 0; v < out.length; v++) {
    if (!lesion.data[v]) continue;
    out[v] = 1;
    const i = v % nx, j = Math.floor(v / nx) % ny, k = Math.floor(v / sxy);
    if (i > 0) out[v - 1] = 1;
    if (i < nx - 1) out[v + 1] = 1;
    if (j > 0) out[v - nx] = 1;
    if (j < ny - 1) out[v + nx] = 1;
    if (k > 0) out[v - sxy] = 1;
    if (k < nz - 1) out[v + sxy] = 1;
  }
  return out;
}

/**
 * A segmentation that cannot be made on this CT (no liver-like tissue; too few slices; a liver box past
 * the memory bound on a thin-slice CT): the plan goes on without it and says so.
 */
function cannotSegment(e: unknown): e is SegmentationError | InputError {
  return e instanceof SegmentationError || e instanceof InputError;
}
