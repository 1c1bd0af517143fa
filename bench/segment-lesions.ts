/**
 * bench/segment-lesions: seeded lesion segmentation (`segmentLesion`) on the lesion phantoms of known
 * geometry (packages/planner/test/support/lesion-phantom-cases.ts): truth and segmented volume,
 * Dice against the painted lesion, time per click. Prints a table and writes
 * bench/results/segment-lesions.json. Not a test: the floors live in
 * packages/planner/test/segment-lesion-phantoms.test.ts.
 *
 *   npx tsx --conditions=mewm-source bench/segment-lesions.ts [--case name]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { segmentLesion } from '@mewm/dicom';
import { makeLesionPhantom } from '../packages/planner/src/phantom/make-lesion-phantom.ts';
import { LESION_PHANTOM_CASES } from '../packages/planner/test/support/lesion-phantom-cases.ts';
import { repoRoot } from '../test/support/shared-data.ts';

const only = process.argv.includes('--case') ? process.argv[process.argv.indexOf('--case') + 1] : undefined;

function dice(mask: Uint8Array, truth: Uint8Array, label: number): number {
  let both = 0, na = 0, nb = 0;
  for (let v = 0; v < mask.length; v++) {
    const a = mask[v] !== 0, b = truth[v] === label;
    if (a) na++;
    if (b) nb++;
    if (a && b) both++;
  }
  return na + nb === 0 ? 1 : (2 * both) / (na + nb);
}

const rows: Array<Record<string, string | number>> = [];
for (const c of LESION_PHANTOM_CASES) {
  if (only !== undefined && c.name !== only) continue;
  const ph = makeLesionPhantom(c.phantom);
  c.clicks.forEach((click, n) => {
    const truthMl = ph.lesionVolumesMl[click.lesion]!;
    const t0 = performance.now();
    let row: Record<string, string | number>;
    try {
      const r = segmentLesion(ph.ct, click.ras);
      const ms = performance.now() - t0;
      let outside = 0;
      for (let v = 0; v < r.mask.data.length; v++) if (r.mask.data[v] !== 0 && ph.liverMask.data[v] === 0) outside++;
      row = {
        case: c.name, click: n, truthMl: +truthMl.toFixed(1), segMl: +r.stats.volumeMl.toFixed(1),
        dice: +dice(r.mask.data, ph.lesionMask.data, click.lesion + 1).toFixed(3),
        outsideLiverPct: +((100 * outside) / Math.max(1, r.stats.voxelCount)).toFixed(1), ms: Math.round(ms),
      };
    } catch (e) {
      row = { case: c.name, click: n, truthMl: +truthMl.toFixed(1), segMl: NaN, dice: 0, outsideLiverPct: NaN, ms: Math.round(performance.now() - t0), error: (e as Error).message.slice(0, 90) };
    }
    rows.push(row);
    console.log(Object.values(row).join('\t'));
  });
}
console.table(rows);
const out = join(repoRoot, 'bench', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'segment-lesions.json'), JSON.stringify({ rows }, null, 2));
