/**
 * The main viewer's 3D render settings: presets (which HU range is opaque in the ray cast) and one
 * clipping plane. The render's opacity comes from a body-only copy of the CT (NiiVue modulation image,
 * alpha): outside the body mask (the table, cushions) it is 0, inside it ramps from the preset's
 * minimum to its maximum HU. The 2D slices are unchanged (NiiVue draws their background opaque).
 */
export const RENDER_PRESETS = [
  { id: 'soft-tissue', label: 'Soft tissue', minHu: -100, maxHu: 250 },
  { id: 'vessels', label: 'Vessels (contrast)', minHu: 150, maxHu: 500 },
  { id: 'bone', label: 'Bone', minHu: 300, maxHu: 1500 },
] as const;
export type RenderPresetId = (typeof RENDER_PRESETS)[number]['id'];

export type ClipOrientation = 'off' | 'axial' | 'coronal' | 'sagittal';
export interface ClipPlane {
  orientation: ClipOrientation;
  /** Distance of the plane from the volume's centre, as a fraction of its size: −0.5..0.5. */
  depth: number;
}

const AZIMUTH_ELEVATION: Record<Exclude<ClipOrientation, 'off'>, [number, number]> = {
  axial: [0, 90], // cuts away what is above (superior to) the plane
  coronal: [180, 0], // cuts away what is in front (anterior)
  sagittal: [90, 0],
};

/**
 * NiiVue's setClipPlane argument [depth, azimuth, elevation]; 'off' is depth 2 (beyond the volume).
 * @throws RangeError for a depth outside −0.5..0.5
 */
export function clipPlaneArgs(c: ClipPlane): [number, number, number] {
  if (c.orientation === 'off') return [2, 0, 0];
  if (!(c.depth >= -0.5 && c.depth <= 0.5)) throw new RangeError(`clipPlaneArgs: depth must be within -0.5..0.5; got ${c.depth}`);
  const [azimuth, elevation] = AZIMUTH_ELEVATION[c.orientation];
  return [c.depth, azimuth, elevation];
}

export const bodyMaskUrl = (seriesId: string) => `/api/series/${seriesId}/body-mask`;

/**
 * The body-only copy's voxels: `ct` where `mask` is non-zero, else `outside` (a raw value below any
 * preset's minimum). Same length and order (both NIfTI on the same grid).
 * @throws RangeError when the lengths differ
 */
export function maskOutside<T extends ArrayLike<number> & { [i: number]: number }>(ct: T, mask: ArrayLike<number>, outside: number, out: T): T {
  if (ct.length !== mask.length || out.length !== ct.length) throw new RangeError(`maskOutside: the CT has ${ct.length} voxels, the mask ${mask.length}, the output ${out.length}`);
  for (let v = 0; v < ct.length; v++) out[v] = mask[v] ? ct[v]! : outside;
  return out;
}
