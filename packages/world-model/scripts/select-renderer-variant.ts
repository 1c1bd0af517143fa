/**
 * Choose among trained renderer variants without touching the evaluation regions: score each card on
 * the **selection regions** of held-out CRLM-CT-1006 — lesion-shaped regions in homogeneous liver
 * placed after (and at least 10 mm from) the four evaluation regions of
 * test/support/eval-regions-crlm1006.ts — through the TypeScript pipeline and the ONNX, for each
 * sampler setting asked for. Prints a table (and JSON with --json); the card with the lowest mean
 * relative texture error (each texture metric divided by coarse+white-noise's, averaged) wins.
 *
 *   npx tsx packages/world-model/scripts/select-renderer-variant.ts <card.json>... [--seeds 1,2] [--steps 4,8] [--etas 0,1] [--json]
 *
 * Research use only, not for clinical use.
 */
import { ingestCt, type LabelVolume } from '@mewm/dicom';
import { TEXTURE_METRIC_NAMES, evaluateRenderer, loadOnnxRegionRenderer, type RendererEvaluation } from '@mewm/world-model';
import { buildCrlm1006EvalRegions } from '../../../test/support/eval-regions-crlm1006.ts';
import { sharedData } from '../../../test/support/shared-data.ts';

/** Labels 1–4 are the evaluation regions; the selection regions are the next ones the fixture places. */
const EVALUATION_LABELS = 4;
const SELECTION_REGIONS = 4;
const TEXTURE = ['histW1', 'npsError', 'glcmError'] as const;

function listArg(args: string[], name: string, fallback: string): number[] {
  const i = args.indexOf(name);
  const raw = i >= 0 ? args[i + 1] ?? '' : fallback;
  const values = raw.split(',').map(Number);
  if (values.length === 0 || !values.every(Number.isFinite)) throw new Error(`${name} must be comma-separated numbers, got '${raw}'`);
  return values;
}

function selectionRegions(all: LabelVolume): LabelVolume {
  const data = new Uint8Array(all.data.length);
  const labels: Record<number, string> = {};
  for (let v = 0; v < data.length; v++) {
    const l = all.data[v]!;
    if (l > EVALUATION_LABELS) data[v] = l - EVALUATION_LABELS;
  }
  for (let l = 1; l <= SELECTION_REGIONS; l++) labels[l] = `selection-${l}`;
  return { ...all, data, labels };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const valueFlags = new Set(['--seeds', '--steps', '--etas']);
  const cards = args.filter((a, i) => !a.startsWith('--') && !valueFlags.has(args[i - 1] ?? ''));
  if (cards.length === 0) throw new Error('usage: select-renderer-variant.ts <card.json>... [--seeds 1,2] [--steps 4,8] [--etas 0,1] [--json]');
  const seeds = listArg(args, '--seeds', '1,2');
  const steps = listArg(args, '--steps', '8');
  const etas = listArg(args, '--etas', '0');

  const { volume: ct } = await ingestCt([sharedData('crlm-ct', 'CRLM-CT-1006')]);
  const fixture = buildCrlm1006EvalRegions(ct, { shams: EVALUATION_LABELS - 1 + SELECTION_REGIONS });
  const placed = fixture.placed.length - EVALUATION_LABELS;
  if (placed < 1) throw new Error('no selection regions could be placed');
  const regions = selectionRegions(fixture.regions);

  const rows: Array<{ card: string; steps: number; eta: number; score: number } & Record<string, number | string>> = [];
  for (const card of cards) {
    const renderer = await loadOnnxRegionRenderer(card);
    try {
      for (const s of steps) for (const eta of etas) {
        const runs: RendererEvaluation[] = [];
        for (const seed of seeds) runs.push(await evaluateRenderer(ct, regions, { renderer, maxRegions: SELECTION_REGIONS, seed, steps: s, eta }));
        const mean = (method: string, m: (typeof TEXTURE_METRIC_NAMES)[number]) =>
          runs.reduce((acc, r) => acc + r.rows.find((row) => row.method === method)![m], 0) / runs.length;
        const metrics = Object.fromEntries(TEXTURE_METRIC_NAMES.map((m) => [m, mean('renderer', m)]));
        const score = TEXTURE.reduce((acc, m) => acc + mean('renderer', m) / mean('coarse+white-noise', m), 0) / TEXTURE.length;
        rows.push({ card, steps: s, eta, score, ...metrics, ...Object.fromEntries(TEXTURE_METRIC_NAMES.map((m) => [`whiteNoise.${m}`, mean('coarse+white-noise', m)])) });
      }
    } finally {
      await renderer.dispose();
    }
  }
  if (args.includes('--json')) {
    console.log(JSON.stringify({ selectionRegions: placed, seeds, rows }, null, 2));
    return;
  }
  console.log(`selection regions: ${placed} (CRLM-CT-1006, disjoint from the evaluation regions); seeds ${seeds.join(',')}`);
  console.log('card                                        steps  eta   histW1  npsError glcmError lowpassMae  score(vs white noise)');
  for (const r of rows) {
    console.log(`${r.card.padEnd(44)}${String(r.steps).padStart(5)}${r.eta.toFixed(1).padStart(5)}${TEXTURE_METRIC_NAMES.map((m) => (r[m] as number).toFixed(3).padStart(10)).join('')}${r.score.toFixed(3).padStart(10)}`);
  }
  const w = rows[0]!;
  console.log(`coarse+white-noise                                     ${TEXTURE_METRIC_NAMES.map((m) => (w[`whiteNoise.${m}`] as number).toFixed(3).padStart(10)).join('')}     1.000`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
