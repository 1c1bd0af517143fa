/** shortestRouteToSurface and sweepToSurface on a box-shaped organ with a cube inside it. */
import { describe, expect, it } from 'vitest';
import { VolumeShapeError, shortestRouteToSurface, sweepToSurface, type Vec3 } from '../src/index.ts';

const dims: Vec3 = [30, 30, 12];
const spacing: Vec3 = [1, 1, 3];
const idx = (i: number, j: number, k: number) => i + dims[0] * (j + dims[1] * k);
/** Organ: i, j in [2, 27], k in [1, 10]; region: a 4 × 4 × 2 cube at i 18..21, j 12..15, k 5..6 (6 voxels = 6 mm from the +i face). */
function fixture() {
  const domain = new Uint8Array(dims[0] * dims[1] * dims[2]);
  const region = new Uint8Array(domain.length);
  for (let k = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++) {
    if (i >= 2 && i <= 27 && j >= 2 && j <= 27 && k >= 1 && k <= 10) domain[idx(i, j, k)] = 1;
    if (i >= 18 && i <= 21 && j >= 12 && j <= 15 && k >= 5 && k <= 6) region[idx(i, j, k)] = 1;
  }
  return { domain, region };
}

describe('shortestRouteToSurface', () => {
  it('finds the shallowest region voxel and the nearest outside voxel, in mm on anisotropic voxels', () => {
    const { domain, region } = fixture();
    const r = shortestRouteToSurface(region, domain, dims, spacing);
    // +i face: from i = 21 to the first outside voxel i = 28 (7 mm); the k faces are 4 slices × 3 mm = 12 mm away.
    expect(r.fromIjk[0]).toBe(21);
    expect(r.toIjk[0]).toBe(28);
    expect(r.toIjk[1]).toBe(r.fromIjk[1]);
    expect(r.depthMm).toBe(7);
    expect(r.touchesSurface).toBe(false);
  });

  it('says when the region already reaches the surface', () => {
    const { domain, region } = fixture();
    for (let i = 18; i <= 27; i++) region[idx(i, 12, 5)] = 1;
    expect(shortestRouteToSurface(region, domain, dims, spacing).touchesSurface).toBe(true);
  });

  it('refuses an empty region, a domain without outside voxels and arrays of the wrong size', () => {
    const { domain, region } = fixture();
    expect(() => shortestRouteToSurface(new Uint8Array(domain.length), domain, dims, spacing)).toThrow(/no voxel inside the domain/);
    expect(() => shortestRouteToSurface(region, new Uint8Array(domain.length).fill(1), dims, spacing)).toThrow(/no voxel outside/);
    expect(() => shortestRouteToSurface(region.subarray(1), domain, dims, spacing)).toThrow(VolumeShapeError);
  });
});

describe('sweepToSurface', () => {
  it('sweeps the region along the direction to the surface: a prism of its cross-section, nothing behind it', () => {
    const { domain, region } = fixture();
    const s = sweepToSurface(region, domain, dims, spacing, [1, 0, 0], 40);
    let n = 0;
    for (let v = 0; v < s.length; v++) if (s[v]) n++;
    // i 18..27 (10) × j 12..15 (4) × k 5..6 (2)
    expect(n).toBe(80);
    expect(s[idx(27, 13, 5)]).toBe(1);
    expect(s[idx(17, 13, 5)]).toBe(0);
    expect(s[idx(28, 13, 5)]).toBe(0);
  });

  it('stops at maxLengthMm and refuses a zero direction', () => {
    const { domain, region } = fixture();
    const s = sweepToSurface(region, domain, dims, spacing, [1, 0, 0], 2);
    expect(s[idx(23, 13, 5)]).toBe(1);
    expect(s[idx(24, 13, 5)]).toBe(0);
    expect(() => sweepToSurface(region, domain, dims, spacing, [0, 0, 0], 2)).toThrow(/non-zero/);
  });
});
