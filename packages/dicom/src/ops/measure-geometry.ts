/**
 * The values of a reader's measurement (contracts measurement.ts) on a volume: lengths from the RAS mm
 * points, and a spherical ROI's statistics from the voxels whose centres lie within the sphere.
 * Every point must lie inside the volume's field of view (within half a voxel of its edge voxels).
 * The SD is the population SD (divided by n), as viewers print ROI statistics.
 */
import type { MeasurementGeometry, MeasurementValues } from '@mewm/contracts';
import { InputError } from '../errors.ts';
import { applyAffine, invertAffine, type Mat4, type Vec3 } from '../geometry.ts';
import type { Volume, VolumeGrid } from '../volume.ts';

const distance = (a: readonly number[], b: readonly number[]): number => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);

/** Angle between two segments' directions, folded to 0–90°. */
function angleBetweenDeg(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  const u = [0, 1, 2].map((k) => a[1]![k]! - a[0]![k]!);
  const v = [0, 1, 2].map((k) => b[1]![k]! - b[0]![k]!);
  const nu = Math.hypot(...u);
  const nv = Math.hypot(...v);
  const cos = Math.abs(u.reduce((s, x, k) => s + x * v[k]!, 0)) / (nu * nv);
  return (Math.acos(Math.min(1, cos)) * 180) / Math.PI;
}

function assertInside(grid: VolumeGrid, inverse: Mat4, p: readonly number[], what: string): void {
  const v = applyAffine(inverse, [p[0]!, p[1]!, p[2]!]);
  for (let a = 0; a < 3; a++) {
    if (!(v[a]! >= -0.5 && v[a]! <= grid.dims[a]! - 0.5)) {
      throw new InputError(`measurement: the ${what} (${p.map((x) => x.toFixed(1)).join(', ')} mm RAS) lies outside the volume`);
    }
  }
}

function assertLength(mm: number, what: string): void {
  if (!(mm > 0)) throw new InputError(`measurement: the ${what} has no length (its two points coincide)`);
}

/**
 * The measurement's values on `volume`.
 * @throws InputError when a point lies outside the volume or a segment has no length
 */
export function measureGeometry(volume: Volume, g: MeasurementGeometry): MeasurementValues {
  const inverse = invertAffine(volume.affineRas);
  switch (g.kind) {
    case 'length': {
      g.points.forEach((p, k) => assertInside(volume, inverse, p, `point ${k + 1}`));
      const lengthMm = distance(g.points[0], g.points[1]);
      assertLength(lengthMm, 'line');
      return { kind: 'length', lengthMm };
    }
    case 'bidimensional': {
      [...g.long, ...g.short].forEach((p, k) => assertInside(volume, inverse, p, `point ${k + 1}`));
      const longMm = distance(g.long[0], g.long[1]);
      const shortMm = distance(g.short[0], g.short[1]);
      assertLength(longMm, 'long axis');
      assertLength(shortMm, 'short axis');
      // the longer of the two is the long axis, whichever was drawn first
      const [l, s] = longMm >= shortMm ? [longMm, shortMm] : [shortMm, longMm];
      return { kind: 'bidimensional', longMm: l, shortMm: s, productMm2: l * s, angleDeg: angleBetweenDeg(g.long, g.short) };
    }
    case 'roi': {
      assertInside(volume, inverse, g.centre, 'centre');
      const radiusMm = distance(g.centre, g.edge);
      assertLength(radiusMm, 'radius');
      return { kind: 'roi', radiusMm, ...sphereStatistics(volume, inverse, g.centre, radiusMm) };
    }
  }
}

function sphereStatistics(volume: Volume, inverse: Mat4, centre: readonly number[], radiusMm: number) {
  const { dims, spacingMm, affineRas: m, data } = volume;
  const c = applyAffine(inverse, [centre[0]!, centre[1]!, centre[2]!]);
  const lo: Vec3 = [0, 0, 0];
  const hi: Vec3 = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const reach = radiusMm / spacingMm[a]! + 1;
    lo[a] = Math.max(0, Math.floor(c[a]! - reach));
    hi[a] = Math.min(dims[a]! - 1, Math.ceil(c[a]! + reach));
  }
  const r2 = radiusMm * radiusMm;
  let n = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const inside: number[] = [];
  for (let k = lo[2]; k <= hi[2]; k++) {
    for (let j = lo[1]; j <= hi[1]; j++) {
      for (let i = lo[0]; i <= hi[0]; i++) {
        const dx = m[0][0] * i + m[0][1] * j + m[0][2] * k + m[0][3] - centre[0]!;
        const dy = m[1][0] * i + m[1][1] * j + m[1][2] * k + m[1][3] - centre[1]!;
        const dz = m[2][0] * i + m[2][1] * j + m[2][2] * k + m[2][3] - centre[2]!;
        if (dx * dx + dy * dy + dz * dz > r2) continue;
        const x = data[i + dims[0] * (j + dims[1] * k)]!;
        inside.push(x);
        n++;
        sum += x;
        if (x < min) min = x;
        if (x > max) max = x;
      }
    }
  }
  const voxelMl = (spacingMm[0] * spacingMm[1] * spacingMm[2]) / 1000;
  if (n === 0) return { voxels: 0, volumeMl: 0, meanHu: null, sdHu: null, minHu: null, maxHu: null };
  const mean = sum / n;
  let ss = 0;
  for (const x of inside) ss += (x - mean) * (x - mean);
  return { voxels: n, volumeMl: n * voxelMl, meanHu: mean, sdHu: Math.sqrt(ss / n), minHu: min, maxHu: max };
}
