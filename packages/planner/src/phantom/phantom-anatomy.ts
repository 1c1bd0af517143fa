/**
 * The phantom's anatomy: simple shapes in patient (RAS+) millimetres, origin at the centre of the
 * abdomen at the level of the lesion. Painted in order; a later tissue replaces an earlier one.
 * Shapes are stylised (ellipses, ellipsoids, cylinders), sized like an adult abdomen.
 */
import type { Vec3 } from '@mewm/dicom';
import type { PhantomTissueName } from './phantom-tissues.ts';

/** Semi-axes of the body outline (x = left–right, y = anterior–posterior), mm. */
export const BODY_SEMI_AXES_MM = [155, 115] as const;
/** Thickness of subcutaneous fat, then of the abdominal-wall muscle, mm. */
export const SUBCUTANEOUS_FAT_MM = 20;
export const ABDOMINAL_WALL_MM = 10;

export interface Ellipsoid { centre: Vec3; semiAxes: Vec3 }

export const LIVER: Ellipsoid = { centre: [60, 5, 25], semiAxes: [85, 80, 85] };
export const SPLEEN: Ellipsoid = { centre: [-90, -30, 35], semiAxes: [28, 50, 50] };
/** Right kidney (patient right, +x) a little lower than the left, as usual. */
export const KIDNEYS: Ellipsoid[] = [
  { centre: [75, -50, -30], semiAxes: [25, 28, 50] },
  { centre: [-75, -50, -15], semiAxes: [25, 28, 50] },
];
/** Default lesion: right liver lobe (segment VI/VII region), 30 mm across. */
export const DEFAULT_LESION_CENTRE_RAS: Vec3 = [75, 15, 5];
export const DEFAULT_LESION_RADIUS_MM = 15;
/** Enhancing rim: the outer shell of the lesion, mm. */
export const LESION_RIM_MM = 3.5;

const sq = (v: number) => v * v;
const inEllipsoid = (p: Vec3, e: Ellipsoid) =>
  sq((p[0] - e.centre[0]) / e.semiAxes[0]) + sq((p[1] - e.centre[1]) / e.semiAxes[1]) + sq((p[2] - e.centre[2]) / e.semiAxes[2]) <= 1;
const ellipse2 = (x: number, y: number, cx: number, cy: number, ax: number, ay: number) => sq((x - cx) / ax) + sq((y - cy) / ay);

/** Distance from p to the segment a–b, mm. */
function distanceToSegment(p: Vec3, a: Vec3, b: Vec3): number {
  const ab: Vec3 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const ap: Vec3 = [p[0] - a[0], p[1] - a[1], p[2] - a[2]];
  const t = Math.max(0, Math.min(1, (ap[0] * ab[0] + ap[1] * ab[1] + ap[2] * ab[2]) / (ab[0] ** 2 + ab[1] ** 2 + ab[2] ** 2)));
  return Math.hypot(ap[0] - t * ab[0], ap[1] - t * ab[1], ap[2] - t * ab[2]);
}

const HEPATIC_VEIN: [Vec3, Vec3, number] = [[10, -30, 75], [90, 20, 60], 5];

/** Bowel loops between the organs: a fixed smooth pattern (no randomness), about half of the remaining cavity. */
function bowelPattern(x: number, y: number, z: number): boolean {
  const f = Math.sin(x / 7 + 0.8 * Math.sin(z / 13)) * Math.sin(y / 8 + 0.7 * Math.sin(x / 15)) + 0.5 * Math.sin(z / 9 + x / 11);
  return f > 0.35;
}

export interface Lesion { centreRas: Vec3; radiusMm: number }

/** The tissue at a point (RAS+ mm). */
export function tissueAt(p: Vec3, lesion: Lesion): PhantomTissueName {
  const [x, y, z] = p;
  const [bx, by] = BODY_SEMI_AXES_MM;
  // Lesion last in the painting order, so first here.
  const dl = Math.hypot(x - lesion.centreRas[0], y - lesion.centreRas[1], z - lesion.centreRas[2]);
  if (dl <= lesion.radiusMm) return dl > lesion.radiusMm - LESION_RIM_MM ? 'lesionRim' : 'lesionCore';
  if (ellipse2(x, y, 0, 0, bx, by) > 1) return 'air';
  // Spine: vertebral body with cortical shell and discs every 35 mm, canal, posterior arch, spinous process.
  const vb = ellipse2(x, y, 0, -55, 20, 17);
  if (vb <= 1) {
    if (((z % 35) + 35) % 35 < 7) return 'disc';
    return vb > 0.78 ? 'corticalBone' : 'cancellousBone';
  }
  const canal = Math.hypot(x, y + 82);
  if (canal <= 8) return 'csf';
  if (canal <= 13 && y < -75) return 'corticalBone';
  if (Math.abs(x) <= 4 && y <= -90 && y >= -108) return 'corticalBone';
  // Great vessels, full length.
  if (Math.hypot(x + 18, y + 30) <= 11) return 'aorta';
  if (Math.hypot(x - 22, y + 30) <= 11) return 'ivc';
  const fatOuter = SUBCUTANEOUS_FAT_MM, wall = SUBCUTANEOUS_FAT_MM + ABDOMINAL_WALL_MM;
  const inCavity = ellipse2(x, y, 0, 0, bx - wall, by - wall) <= 1;
  if (inCavity) {
    for (const k of KIDNEYS) {
      if (!inEllipsoid(p, k)) continue;
      // Concentric layers: cortex (outer), medulla, sinus fat (inner).
      const r = Math.sqrt(sq((x - k.centre[0]) / k.semiAxes[0]) + sq((y - k.centre[1]) / k.semiAxes[1]) + sq((z - k.centre[2]) / k.semiAxes[2]));
      return r > 0.78 ? 'kidneyCortex' : r > 0.4 ? 'kidneyMedulla' : 'renalSinusFat';
    }
    if (inEllipsoid(p, SPLEEN)) return 'spleen';
    if (inEllipsoid(p, LIVER)) return distanceToSegment(p, HEPATIC_VEIN[0], HEPATIC_VEIN[1]) <= HEPATIC_VEIN[2] ? 'hepaticVein' : 'liver';
  }
  // Psoas (below the crura) and paraspinal muscles.
  if (z < 30 && (ellipse2(x, y, 40, -60, 14, 16) <= 1 || ellipse2(x, y, -40, -60, 14, 16) <= 1)) return 'muscle';
  if (ellipse2(x, y, 38, -85, 22, 16) <= 1 || ellipse2(x, y, -38, -85, 22, 16) <= 1) return 'muscle';
  if (inCavity) return bowelPattern(x, y, z) ? 'bowel' : 'fat';
  if (ellipse2(x, y, 0, 0, bx - fatOuter, by - fatOuter) <= 1) return 'muscle';
  return 'fat';
}

/** Tissues counted as liver in the liver mask (the parenchyma, its veins and the lesion, as in LiTS-style liver labels). */
export const LIVER_MASK_TISSUES: readonly PhantomTissueName[] = ['liver', 'hepaticVein', 'lesionCore', 'lesionRim'];

/** Is the whole lesion sphere inside the liver (checked on a coarse grid of its surface)? */
export function lesionInsideLiver(lesion: Lesion): boolean {
  const c = lesion.centreRas;
  const r = lesion.radiusMm + 3; // and 3 mm of parenchyma around it
  for (let a = 0; a < 12; a++) for (let b = 0; b <= 6; b++) {
    const th = (Math.PI * b) / 6, ph = (2 * Math.PI * a) / 12;
    const p: Vec3 = [c[0] + r * Math.sin(th) * Math.cos(ph), c[1] + r * Math.sin(th) * Math.sin(ph), c[2] + r * Math.cos(th)];
    if (tissueAt(p, { centreRas: c, radiusMm: 0 }) !== 'liver') return false;
  }
  return true;
}
