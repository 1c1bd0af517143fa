/**
 * The simulated ablation zone before cooling, on the box grid:
 * - with a named applicator: an ellipsoid with the applicator's published short-axis and long-axis
 *   diameters, centred on the lesion centroid, its long axis along the insertion direction;
 * - with `zoneDiameterMm` only: a sphere of that diameter centred on the lesion centroid;
 * - with neither: the planned zone, i.e. the lesion dilated by `marginMm` (exact Euclidean distance in
 *   mm), which is how the zone was sized before the anatomy model.
 * Voxels of the ring outside the CT are never zone.
 */
import type { Vec3 } from '@mewm/dicom';
import { squaredDistanceMm } from '../../../dynamics/distance-transform-mm.ts';
import type { ParameterReader } from '../../../outcome/parameter-reader.ts';
import type { AblationApplicatorId } from '../applicators.ts';
import type { AblationComponent } from '../schema.ts';
import { boxPositionMm, gridIndexOf, type AblationBox } from './ablation-box.ts';

export type ZoneShape =
  | { kind: 'ellipsoid'; applicator: AblationApplicatorId; semiLongMm: number; semiShortMm: number; axis: Vec3 }
  | { kind: 'sphere'; radiusMm: number }
  | { kind: 'planned'; marginMm: number };

/** The zone's shape; applicator sizes are read as the parameters `ablation.applicator.<id>.{short,long}AxisMm`. */
export function zoneShapeOf(c: AblationComponent, axis: Vec3, read: ParameterReader): ZoneShape {
  if (c.applicator !== undefined) {
    const id = c.applicator;
    return {
      kind: 'ellipsoid', applicator: id, axis,
      semiLongMm: read(`ablation.applicator.${id}.longAxisMm`) / 2, semiShortMm: read(`ablation.applicator.${id}.shortAxisMm`) / 2,
    };
  }
  if (c.zoneDiameterMm !== undefined) return { kind: 'sphere', radiusMm: c.zoneDiameterMm / 2 };
  return { kind: 'planned', marginMm: c.marginMm };
}

/** How far (mm) the zone can reach from the lesion centroid (ellipsoid/sphere) or from the lesion (planned). */
export function zoneReachMm(shape: ZoneShape): number {
  return shape.kind === 'ellipsoid' ? shape.semiLongMm : shape.kind === 'sphere' ? shape.radiusMm : shape.marginMm;
}

/** 1 = ablated before cooling (box-local). */
export function rasterizeZone(box: AblationBox, shape: ZoneShape, lesion: Uint8Array, centroidMm: Vec3): Uint8Array {
  const zone = new Uint8Array(lesion.length);
  if (shape.kind === 'planned') {
    const d2 = squaredDistanceMm(lesion, box.dims, box.spacingMm);
    const r2 = shape.marginMm * shape.marginMm;
    for (let v = 0; v < zone.length; v++) if (d2[v]! <= r2 && gridIndexOf(box, v) >= 0) zone[v] = 1;
    return zone;
  }
  const [a, b] = shape.kind === 'ellipsoid' ? [shape.semiLongMm, shape.semiShortMm] : [shape.radiusMm, shape.radiusMm];
  const u = shape.kind === 'ellipsoid' ? shape.axis : ([0, 0, 1] as Vec3);
  for (let v = 0; v < zone.length; v++) {
    const p = boxPositionMm(box, v);
    const dx = p[0] - centroidMm[0], dy = p[1] - centroidMm[1], dz = p[2] - centroidMm[2];
    const along = dx * u[0] + dy * u[1] + dz * u[2];
    const across2 = dx * dx + dy * dy + dz * dz - along * along;
    if ((along * along) / (a * a) + across2 / (b * b) <= 1 && gridIndexOf(box, v) >= 0) zone[v] = 1;
  }
  return zone;
}
