/**
 * Overlay PNG of a seeded segmentation for review: axial and coronal slices through the mask's
 * centroid in the liver window (W400/L50), mask outline in yellow, seed as a red cross.
 *
 *   npx tsx packages/dicom/scripts/segment-overlay.ts <ct input> x,y,z <out.png>
 */
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { applyAffine, ingestCt, invertAffine, segmentLesion, type Vec3, type Volume } from '../src/index.ts';

const [input, point, outPath] = process.argv.slice(2);
if (!input || !point || !outPath) throw new Error('usage: segment-overlay.ts <ct input> x,y,z <out.png>');
const seed = point.split(',').map(Number) as Vec3;
const { volume } = await ingestCt([input]);
const { mask, stats } = segmentLesion(volume, seed);
const [nx, ny, nz] = volume.dims;
const c = applyAffine(invertAffine(volume.affineRas), stats.centroidRas).map(Math.round) as Vec3;
const s = applyAffine(invertAffine(volume.affineRas), seed).map(Math.round) as Vec3;
const zoom = 2;
const crop = 96; // voxels around the centroid in-plane

function window(hu: number): number {
  return Math.max(0, Math.min(255, ((hu - (50 - 200)) / 400) * 255));
}

/** Render one plane: `at(u, v)` gives the voxel index; rows may be stretched to keep mm aspect. */
function plane(w: number, h: number, rowScale: number, at: (u: number, v: number) => number | undefined) {
  const W = w * zoom;
  const H = Math.round(h * rowScale * zoom);
  const px = new Uint8Array(W * H * 4);
  const idx = (x: number, y: number) => at(Math.floor(x / zoom), Math.floor(y / zoom / rowScale));
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const v = idx(x, y);
      const g = v === undefined ? 0 : window(volume.data[v]!);
      const o = (y * W + x) * 4;
      px[o] = px[o + 1] = px[o + 2] = g;
      px[o + 3] = 255;
      if (v !== undefined && mask.data[v]) {
        const edge = [idx(x - 1, y), idx(x + 1, y), idx(x, y - 1), idx(x, y + 1)].some((n) => n === undefined || !mask.data[n]);
        if (edge) { px[o] = 255; px[o + 1] = 220; px[o + 2] = 0; }
      }
    }
  }
  return { W, H, px };
}

const i0 = c[0] - crop, j0 = c[1] - crop;
const inside = (i: number, j: number, k: number) => i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz;
const vox = (i: number, j: number, k: number) => (inside(i, j, k) ? i + nx * (j + ny * k) : undefined);
const axial = plane(2 * crop, 2 * crop, 1, (u, v) => vox(i0 + u, j0 + v, c[2]));
const rowScale = volume.spacingMm[2] / volume.spacingMm[0];
const coronal = plane(2 * crop, nz, rowScale, (u, v) => vox(i0 + u, c[1], nz - 1 - v));

const W = axial.W + coronal.W + 8;
const H = Math.max(axial.H, coronal.H);
const png = new PNG({ width: W, height: H });
for (let o = 0; o < png.data.length; o += 4) png.data[o + 3] = 255;
const blit = (p: { W: number; H: number; px: Uint8Array }, ox: number) => {
  for (let y = 0; y < p.H; y++) for (let x = 0; x < p.W; x++) {
    const o = (y * p.W + x) * 4;
    const d = (y * W + x + ox) * 4;
    for (let q = 0; q < 4; q++) png.data[d + q] = p.px[o + q]!;
  }
};
blit(axial, 0);
blit(coronal, axial.W + 8);
// seed cross on the axial view (when the seed is on the centroid's slice)
if (s[2] === c[2]) {
  const sx = (s[0] - i0) * zoom, sy = (s[1] - j0) * zoom;
  for (let d = -6; d <= 6; d++) for (const [x, y] of [[sx + d, sy], [sx, sy + d]] as const) {
    if (x >= 0 && y >= 0 && x < axial.W && y < axial.H) {
      const o = (y * W + x) * 4;
      png.data[o] = 255; png.data[o + 1] = 0; png.data[o + 2] = 0;
    }
  }
}
writeFileSync(outPath, PNG.sync.write(png));
console.log(JSON.stringify({ out: outPath, volumeMl: stats.volumeMl, longestAxialDiameterMm: stats.longestAxialDiameterMm, centroidRas: stats.centroidRas, centroidIjk: c, seedIjk: s }));

export type { Volume };
