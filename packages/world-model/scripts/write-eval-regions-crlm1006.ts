/**
 * Write the renderer-evaluation regions fixture of CRLM-CT-1006 (see test/support/eval-regions-crlm1006.ts)
 * as NIfTI, plus PNG overlays of the axial slices through each region for a visual check.
 *
 *   npx tsx packages/world-model/scripts/write-eval-regions-crlm1006.ts [outDir]   (default out/eval-regions)
 *
 * Reads the CT from MEWM_SHARED_DATA (default ../shared/data). Research use only, not for clinical use.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { ingestCt, writeNifti, type LabelVolume, type Volume } from '@mewm/dicom';
import { buildCrlm1006EvalRegions } from '../../../test/support/eval-regions-crlm1006.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

const COLOURS: Array<[number, number, number]> = [[255, 60, 60], [60, 220, 60], [70, 140, 255], [255, 200, 0], [220, 80, 255]];

/** Axial slice k, window [−150, 250] HU, outlines of every label in the regions mask. */
export function axialOverlayPng(ct: Volume, regions: LabelVolume, k: number): Buffer {
  const [nx, ny] = ct.dims;
  const png = new PNG({ width: nx, height: ny });
  const off = nx * ny * k;
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const v = off + i + nx * j;
    const g = Math.round(Math.min(255, Math.max(0, ((ct.data[v]! + 150) / 400) * 255)));
    let rgb: [number, number, number] = [g, g, g];
    const l = regions.data[v]!;
    if (l) {
      const edge = [[1, 0], [-1, 0], [0, 1], [0, -1]].some(([di, dj]) => {
        const a = i + di!, b = j + dj!;
        return a < 0 || b < 0 || a >= nx || b >= ny || regions.data[off + a + nx * b] !== l;
      });
      if (edge) rgb = COLOURS[(l - 1) % COLOURS.length]!;
    }
    const p = 4 * (i + nx * j);
    png.data[p] = rgb[0]; png.data[p + 1] = rgb[1]; png.data[p + 2] = rgb[2]; png.data[p + 3] = 255;
  }
  return PNG.sync.write(png);
}

async function main(): Promise<void> {
  const outDir = process.argv[2] ?? 'out/eval-regions';
  await mkdir(outDir, { recursive: true });
  const { volume: ct } = await ingestCt([sharedData('crlm-ct', 'CRLM-CT-1006')]);
  const t0 = performance.now();
  const fixture = buildCrlm1006EvalRegions(ct);
  console.log(`built in ${(performance.now() - t0).toFixed(0)} ms; parenchyma ${fixture.parenchymaHu} HU`);
  for (const p of fixture.placed) console.log(`  label ${p.label}: offset [${p.offsetVox.join(', ')}] vox, mean ${p.meanHu.toFixed(1)} HU, SD ${p.sdHu.toFixed(1)} HU`);
  await writeFile(join(outDir, 'crlm-ct-1006-eval-regions.nii.gz'), writeNifti(fixture.regions, { gzip: true }));
  const [nx, ny, nz] = ct.dims;
  const slices = new Set<number>();
  for (let k = 0; k < nz; k++) {
    const seen = new Set<number>();
    for (let v = nx * ny * k; v < nx * ny * (k + 1); v++) if (fixture.regions.data[v]) seen.add(fixture.regions.data[v]!);
    if (seen.size > 0) slices.add(k);
  }
  for (const k of slices) await writeFile(join(outDir, `axial-${String(k).padStart(2, '0')}.png`), axialOverlayPng(ct, fixture.regions, k));
  console.log(`wrote ${outDir} (${slices.size} slices)`);
}

void main();
