/**
 * `mewm eval-renderer --ct <volume> --regions <mask> [--max-regions N] [--seed S] [--renderer <card.json>|white-noise]
 *   [--steps N] [--json]`
 * Renderer evaluation on real CT: each region of the mask (a lesion, or a lesion-shaped region in
 * normal tissue) is regenerated from its own coarse map by the renderer and by three baselines, and
 * scored against the real CT with histW1, npsError, glcmError and lowpassMaeHu (lower is better).
 * Without --renderer it evaluates the simulation pipeline's default renderer.
 */
import { ingestCt, loadMask } from '@mewm/dicom';
import {
  evaluateRenderer, type RegionRenderer, type RendererEvaluation,
} from '@mewm/world-model';
import { openRenderer } from '../../plan/open-renderer.ts';
import { parseCommandArgs, requireString } from '../args.ts';
import { CliUsageError } from '../cli-error.ts';
import { fmt, printResult, type CommandIo } from '../output.ts';

export const EVAL_RENDERER_USAGE = `mewm eval-renderer --ct <input> --regions <mask> [--max-regions N] [--seed S]
                [--renderer <card.json>|white-noise] [--steps N] [--json]`;

export async function evalRendererCommand(argv: string[], io: CommandIo): Promise<void> {
  const { values } = parseCommandArgs(argv, {
    ct: { type: 'string', multiple: true },
    regions: { type: 'string' },
    'max-regions': { type: 'string', default: '4' },
    seed: { type: 'string', default: '1' },
    renderer: { type: 'string' },
    steps: { type: 'string' },
  });
  const ctInputs = values.ct ?? [];
  if (ctInputs.length === 0) throw new CliUsageError(`--ct is required\nusage: ${EVAL_RENDERER_USAGE}`);
  const regionsPath = requireString(values.regions, '--regions');
  const maxRegions = integer(values['max-regions'], '--max-regions', 1, 1000);
  const seed = integer(values.seed, '--seed', 0, 2 ** 31 - 1);
  const steps = values.steps === undefined ? undefined : integer(values.steps, '--steps', 1, 1000);

  const t0 = performance.now();
  const { volume: ct } = await ingestCt(ctInputs);
  const loaded = await loadMask(regionsPath, ct);
  const t1 = performance.now();
  const renderer: RegionRenderer = await openRenderer(values.renderer);
  let result: RendererEvaluation;
  try {
    result = await evaluateRenderer(ct, loaded.mask, {
      renderer, maxRegions, seed, ...(steps !== undefined ? { steps } : {}),
      onProgress: (e) => { if (!io.json && e.method === 'renderer') io.err(`region ${e.region}/${e.regions}`); },
    });
  } finally {
    await renderer.dispose();
  }
  const t2 = performance.now();
  const output = {
    rows: result.rows.map(({ method, histW1, npsError, glcmError, lowpassMaeHu, regions }) => ({ method, histW1, npsError, glcmError, lowpassMaeHu, regions })),
    renderer: { ...result.renderer, card: values.renderer ?? null },
    grid: result.grid,
    seed: result.seed,
    steps: result.steps,
    maxRegions: result.maxRegions,
    regions: result.regions,
    skipped: result.skipped,
    notConsidered: result.notConsidered,
    inputs: {
      ct: { dims: ct.dims, spacingMm: ct.spacingMm },
      regions: { format: loaded.format, labels: Object.keys(loaded.mask.labels).length },
    },
    metrics: METRIC_NOTES,
    timingsMs: { load: t1 - t0, evaluate: t2 - t1 },
  };
  printResult(io, output, humanLines(result));
}

const METRIC_NOTES = {
  histW1: '1-Wasserstein distance of the HU values in the region (HU); lower is better',
  npsError: 'relative error of the radially averaged noise power spectrum of (v − coarse) in the region; coarse alone = 1',
  glcmError: 'mean relative error of six GLCM features (contrast, dissimilarity, homogeneity, energy, correlation, entropy) on axial slices',
  lowpassMaeHu: 'mean |ΔHU| in the region after a σ = 4 mm Gaussian low-pass (HU)',
};

function humanLines(r: RendererEvaluation): string[] {
  const head = `  ${'method'.padEnd(20)} ${'histW1'.padStart(9)} ${'npsError'.padStart(9)} ${'glcmError'.padStart(9)} ${'lowpassMaeHu'.padStart(13)}`;
  const num = (x: number, w: number, d: number) => (Number.isFinite(x) ? x.toFixed(d) : String(x)).padStart(w);
  return [
    `renderer evaluation: ${r.renderer.name} ${r.renderer.version}${r.renderer.learned || r.renderer.name.includes('not a learned') ? '' : ' (not a learned model)'}`,
    `  model grid ${r.grid.shape.join('×')} voxels at ${r.grid.spacingMm.map((s) => fmt(s, 3)).join('×')} mm (${r.grid.source}); seed ${r.seed}`,
    `  ${r.regions.length} region(s) evaluated, ${r.skipped.length} skipped; mean over regions (lower is better):`,
    head,
    ...r.rows.map((row) => `  ${row.method.padEnd(20)} ${num(row.histW1, 9, 2)} ${num(row.npsError, 9, 3)} ${num(row.glcmError, 9, 3)} ${num(row.lowpassMaeHu, 13, 2)}`),
    ...r.regions.map((g) => `  region ${g.index} (label ${g.label}, ${fmt(g.volumeMl)} mL, ${g.voxelsModel} model voxels): renderer npsError ${num(g.metrics.renderer.npsError, 0, 3)}, glcmError ${num(g.metrics.renderer.glcmError, 0, 3)}`),
    ...r.skipped.map((s) => `  skipped region ${s.index} (label ${s.label}): ${s.reason}`),
  ];
}

function integer(value: string | undefined, flag: string, lo: number, hi: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < lo || n > hi) throw new CliUsageError(`${flag} must be an integer ${lo}..${hi}, got "${value}"`);
  return n;
}
