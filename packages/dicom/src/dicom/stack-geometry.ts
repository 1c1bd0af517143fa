/**
 * Stack geometry: where a set of 2D slices lies in space, and whether they form one regular grid.
 *
 * Slices are ordered by their position along the slice normal n = rowCosines × colCosines
 * (never by Instance Number). The result gives the LPS+ origin, the in-plane cosines and the
 * slice step vector from which `dicomAffineLps` builds the voxel → LPS affine.
 */
import { SeriesGeometryError } from '../errors.ts';
import { cross3, dot3, norm3, type Vec3 } from '../geometry.ts';

/** The geometric facts of one slice (a single-frame instance or one frame of a multi-frame one). */
export interface SliceDescriptor {
  /** For messages: file name, plus frame number for multi-frame images. */
  label: string;
  rows: number;
  columns: number;
  /** ImagePositionPatient, LPS+ mm. */
  position?: Vec3;
  /** ImageOrientationPatient: [row cosines, column cosines], unit vectors. */
  orientation?: [Vec3, Vec3];
  /** PixelSpacing [between rows, between columns], mm. */
  pixelSpacingMm?: [number, number];
  sliceThicknessMm?: number;
  spacingBetweenSlicesMm?: number;
}

export interface StackGeometry {
  /** Slice indices into the input, in increasing position along `normal`. */
  order: number[];
  rowCosines: Vec3;
  colCosines: Vec3;
  /** rowCosines × colCosines. */
  normal: Vec3;
  /** Position of the first slice in `order` (centre of voxel 0,0,0), LPS+ mm. */
  originLps: Vec3;
  pixelSpacingMm: [number, number];
  /** From one slice's origin to the next, LPS+ mm: along `normal` unless a gantry tilt was accepted. */
  sliceStepLps: Vec3;
  /** Distance between slices along the normal, mm (> 0). */
  sliceSpacingMm: number;
  /** Angle between the slice step and the normal, degrees (0 for an orthogonal stack). */
  tiltDeg: number;
  warnings: string[];
}

export interface StackGeometryOptions {
  /** Accept slices sheared along the normal (gantry tilt) with a sheared affine instead of throwing. */
  allowGantryTilt?: boolean;
}

/** Largest difference between two slices' direction cosines still called "the same orientation". */
export const ORIENTATION_TOLERANCE = 1e-3;
/** Largest pixel spacing difference (mm) still called "the same". */
export const PIXEL_SPACING_TOLERANCE_MM = 1e-3;
/** Slices closer than this along the normal (mm) are duplicates. */
export const DUPLICATE_TOLERANCE_MM = 0.01;
/** A step larger than this multiple of the median step is a gap (missing slices). */
export const GAP_FACTOR = 1.5;
/** Steps may differ from the median by max(this, 1 % of the median) mm. */
export const SPACING_TOLERANCE_MM = 0.02;
/** A slice step further than this from the normal (degrees) is a gantry tilt. */
export const TILT_TOLERANCE_DEG = 0.05;

const fmt = (x: number) => x.toFixed(2);

/**
 * Order slices along their normal and check that they form one regular grid.
 * @throws SeriesGeometryError for missing position/orientation/spacing, mixed rows/columns,
 *   mixed orientation, mixed pixel spacing, duplicate positions, gaps (missing slices), non-uniform
 *   spacing, positions off a straight line, and gantry tilt unless `allowGantryTilt`.
 */
export function resolveStackGeometry(slices: SliceDescriptor[], opts: StackGeometryOptions = {}): StackGeometry {
  if (slices.length === 0) throw new SeriesGeometryError('no slices to assemble');
  const first = slices[0]!;
  checkSameSize(slices);
  const orientation = requireAll(slices, 'orientation', 'ImageOrientationPatient (0020,0037)');
  const positions = requireAll(slices, 'position', 'ImagePositionPatient (0020,0032)');
  const spacings = requireAll(slices, 'pixelSpacingMm', 'PixelSpacing (0028,0030)');
  const [rowCosines, colCosines] = orientation[0]!;
  checkSameOrientation(slices, orientation);
  checkSamePixelSpacing(slices, spacings);
  const normal = cross3(rowCosines, colCosines);
  const nn = norm3(normal);
  const unitNormal: Vec3 = [normal[0] / nn, normal[1] / nn, normal[2] / nn];
  const along = positions.map((p) => dot3(p, unitNormal));
  const order = along.map((_, i) => i).sort((a, b) => along[a]! - along[b]!);
  const base = { rowCosines, colCosines, normal: unitNormal, pixelSpacingMm: spacings[0]!, order };
  if (slices.length === 1) return singleSlice(first, positions[0]!, base);

  const sorted = order.map((i) => along[i]!);
  checkDuplicates(sorted, order, slices);
  const steps = sorted.slice(1).map((d, k) => d - sorted[k]!);
  const median = medianOf(steps);
  checkGaps(steps, sorted, median);
  const tol = Math.max(SPACING_TOLERANCE_MM, 0.01 * median);
  checkUniform(steps, sorted, median, tol);

  const n = slices.length;
  const p0 = positions[order[0]!]!;
  const pLast = positions[order[n - 1]!]!;
  const meanStep: Vec3 = [(pLast[0] - p0[0]) / (n - 1), (pLast[1] - p0[1]) / (n - 1), (pLast[2] - p0[2]) / (n - 1)];
  checkCollinear(order, positions, p0, meanStep, tol);
  const spacing = (sorted[n - 1]! - sorted[0]!) / (n - 1);
  const cosTilt = Math.min(1, Math.abs(dot3(meanStep, unitNormal)) / norm3(meanStep));
  const tiltDeg = (Math.acos(cosTilt) * 180) / Math.PI;
  const warnings: string[] = [];
  let sliceStepLps: Vec3 = [unitNormal[0] * spacing, unitNormal[1] * spacing, unitNormal[2] * spacing];
  if (tiltDeg > TILT_TOLERANCE_DEG) {
    if (!opts.allowGantryTilt) {
      throw new SeriesGeometryError(
        `gantry tilt: slice positions are sheared ${tiltDeg.toFixed(2)}° from the slice normal ` +
          `(allowed ${TILT_TOLERANCE_DEG}°); set allowGantryTilt to accept a sheared affine`,
      );
    }
    sliceStepLps = meanStep;
    warnings.push(
      `gantry tilt of ${tiltDeg.toFixed(2)}° accepted: the affine is sheared (its third column is the slice-to-slice step, ` +
        'not the normal); voxels are where the scanner put them, not resampled',
    );
  }
  return { ...base, originLps: p0, sliceStepLps, sliceSpacingMm: spacing, tiltDeg, warnings };
}

function singleSlice(s: SliceDescriptor, p: Vec3, base: Omit<StackGeometry, 'originLps' | 'sliceStepLps' | 'sliceSpacingMm' | 'tiltDeg' | 'warnings'>): StackGeometry {
  const given = s.spacingBetweenSlicesMm ?? s.sliceThicknessMm;
  const spacing = given !== undefined && given > 0 ? given : 1;
  const warnings = [
    given !== undefined && given > 0
      ? `single slice: slice spacing taken from ${s.spacingBetweenSlicesMm !== undefined ? 'SpacingBetweenSlices' : 'SliceThickness'} (${fmt(spacing)} mm)`
      : 'single slice without SliceThickness: slice spacing set to 1 mm',
  ];
  const n = base.normal;
  return { ...base, originLps: p, sliceStepLps: [n[0] * spacing, n[1] * spacing, n[2] * spacing], sliceSpacingMm: spacing, tiltDeg: 0, warnings };
}

function requireAll<K extends 'orientation' | 'position' | 'pixelSpacingMm'>(
  slices: SliceDescriptor[], key: K, tagName: string,
): NonNullable<SliceDescriptor[K]>[] {
  const missing = slices.filter((s) => s[key] === undefined);
  if (missing.length > 0) {
    throw new SeriesGeometryError(
      `${tagName} is missing in ${missing.length} of ${slices.length} slice(s) (first: ${missing[0]!.label}); cannot place slices in space`,
    );
  }
  return slices.map((s) => s[key]!);
}

function checkSameSize(slices: SliceDescriptor[]): void {
  const counts = new Map<string, { n: number; label: string }>();
  for (const s of slices) {
    const k = `${s.columns}×${s.rows}`;
    const c = counts.get(k);
    if (c) c.n++;
    else counts.set(k, { n: 1, label: s.label });
  }
  if (counts.size > 1) {
    const parts = [...counts].map(([k, c]) => `${k} in ${c.n} slice(s) (e.g. ${c.label})`);
    throw new SeriesGeometryError(`mixed Columns × Rows within the series: ${parts.join('; ')}`);
  }
}

function checkSameOrientation(slices: SliceDescriptor[], orientation: [Vec3, Vec3][]): void {
  const [r0, c0] = orientation[0]!;
  let worst = 0;
  let worstIndex = -1;
  let count = 0;
  orientation.forEach(([r, c], i) => {
    const d = Math.max(...[0, 1, 2].map((a) => Math.max(Math.abs(r[a]! - r0[a]!), Math.abs(c[a]! - c0[a]!))));
    if (d > ORIENTATION_TOLERANCE) {
      count++;
      if (d > worst) {
        worst = d;
        worstIndex = i;
      }
    }
  });
  if (count > 0) {
    const [r, c] = orientation[worstIndex]!;
    const angle = Math.max(angleDeg(r, r0), angleDeg(c, c0));
    throw new SeriesGeometryError(
      `mixed ImageOrientationPatient (0020,0037): ${count} of ${slices.length} slice(s) differ from the first ` +
        `(largest: ${angle.toFixed(2)}° in ${slices[worstIndex]!.label}; allowed cosine difference ${ORIENTATION_TOLERANCE})`,
    );
  }
}

function angleDeg(a: Vec3, b: Vec3): number {
  return (Math.acos(Math.max(-1, Math.min(1, dot3(a, b) / (norm3(a) * norm3(b))))) * 180) / Math.PI;
}

function checkSamePixelSpacing(slices: SliceDescriptor[], spacings: [number, number][]): void {
  const [a0, b0] = spacings[0]!;
  const bad = spacings.findIndex(([a, b]) => Math.abs(a - a0) > PIXEL_SPACING_TOLERANCE_MM || Math.abs(b - b0) > PIXEL_SPACING_TOLERANCE_MM);
  if (bad >= 0) {
    const [a, b] = spacings[bad]!;
    throw new SeriesGeometryError(
      `mixed PixelSpacing (0028,0030): ${slices[bad]!.label} has [${a}, ${b}] mm, the first slice [${a0}, ${b0}] mm ` +
        `(allowed difference ${PIXEL_SPACING_TOLERANCE_MM} mm)`,
    );
  }
}

function checkDuplicates(sorted: number[], order: number[], slices: SliceDescriptor[]): void {
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k]! - sorted[k - 1]! < DUPLICATE_TOLERANCE_MM) {
      throw new SeriesGeometryError(
        `duplicate slice position ${fmt(sorted[k]!)} mm along the slice normal: ${slices[order[k - 1]!]!.label} and ` +
          `${slices[order[k]!]!.label} (closer than ${DUPLICATE_TOLERANCE_MM} mm); remove one or pick one acquisition`,
      );
    }
  }
}

function checkGaps(steps: number[], sorted: number[], median: number): void {
  const gaps = steps.map((s, k) => ({ s, k })).filter(({ s }) => s > GAP_FACTOR * median);
  if (gaps.length === 0) return;
  const parts = gaps
    .slice(0, 3)
    .map(({ s, k }) => `${fmt(sorted[k]!)} → ${fmt(sorted[k + 1]!)} mm (gap ${fmt(s)} mm, about ${Math.round(s / median) - 1} slice(s) missing)`);
  throw new SeriesGeometryError(
    `missing slices: ${gaps.length} gap(s) larger than ${GAP_FACTOR}× the median step of ${fmt(median)} mm along the slice normal: ` +
      `${parts.join('; ')}${gaps.length > 3 ? '; …' : ''}`,
  );
}

function checkUniform(steps: number[], sorted: number[], median: number, tol: number): void {
  let worst = -1;
  steps.forEach((s, k) => {
    if (Math.abs(s - median) > tol && (worst < 0 || Math.abs(s - median) > Math.abs(steps[worst]! - median))) worst = k;
  });
  if (worst < 0) return;
  throw new SeriesGeometryError(
    `non-uniform slice spacing: step ${fmt(steps[worst]!)} mm between ${fmt(sorted[worst]!)} and ${fmt(sorted[worst + 1]!)} mm ` +
      `along the slice normal differs from the median ${fmt(median)} mm by more than ${tol.toFixed(3)} mm`,
  );
}

function checkCollinear(order: number[], positions: Vec3[], p0: Vec3, step: Vec3, tol: number): void {
  for (let k = 0; k < order.length; k++) {
    const p = positions[order[k]!]!;
    const off = Math.hypot(p[0] - p0[0] - k * step[0], p[1] - p0[1] - k * step[1], p[2] - p0[2] - k * step[2]);
    if (off > tol) {
      throw new SeriesGeometryError(
        `slice positions do not lie on a straight line: slice ${k + 1} of ${order.length} is ${fmt(off)} mm off the line ` +
          `through the first and last slice (allowed ${tol.toFixed(3)} mm)`,
      );
    }
  }
}

function medianOf(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
