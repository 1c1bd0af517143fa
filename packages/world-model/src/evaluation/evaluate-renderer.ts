/**
 * Evaluate a renderer on real CT: every region of a regions mask (real lesions, or lesion-shaped
 * regions in normal tissue) is regenerated from its own coarse map and compared with the real CT.
 *
 * Per region (largest first, up to maxRegions evaluated): crop a field of view around it as the
 * pipeline does (fovBox, rendererGridFor of pipeline/render-region.ts), resample the CT crop
 * (linear) and the region (nearest) to the model grid, build the coarse map (coarseFromReal), then
 * regenerate the region with the renderer (expectedHu = coarse, regionMask, contextHu = real CT) and
 * with each baseline, and score each against the real crop (textureMetrics). Rows are the mean of
 * each metric over the evaluated regions. Deterministic for a seed: each region and method draws
 * its seed from createRng(seed).fork(`region.<index>`).
 */
import { cropOrPad, resampleToGrid, sameGrid, type LabelVolume, type Vec3, type Volume, type VolumeGrid } from '@mewm/dicom';
import { EvaluationInputError } from '../errors.ts';
import { fovBox, rendererGridFor } from '../pipeline/render-region.ts';
import type { RegionRenderInput, RegionRenderer } from '../pipeline/region-renderer.ts';
import { RESEARCH_USE_LABEL } from '@mewm/contracts';
import { createRng } from '../random.ts';
import { regionResidualSigmaHu, renderCoarse, renderCoarseNpsNoise, renderCoarseWhiteNoise } from './baselines.ts';
import { coarseFromReal } from './coarse-from-real.ts';
import { splitRegions, type EvaluationRegion } from './evaluation-regions.ts';
import { TEXTURE_METRIC_NAMES, textureMetrics, type TextureMetrics } from './texture-metrics.ts';

export const EVALUATION_METHODS = ['renderer', 'coarse', 'coarse+white-noise', 'coarse+nps-noise'] as const;
export type EvaluationMethod = (typeof EVALUATION_METHODS)[number];

/** Model grid for a renderer without a grid of its own (the planned renderer's: 64×64×32 at 1.5×1.5×3 mm). */
export const DEFAULT_EVALUATION_GRID: { shape: Vec3; spacingMm: Vec3 } = { shape: [64, 64, 32], spacingMm: [1.5, 1.5, 3] };

/** Regions with fewer voxels than this on the model grid are skipped (GLCM and NPS need some). */
export const MIN_REGION_MODEL_VOXELS = 8;

export interface EvaluateRendererOptions {
  renderer: RegionRenderer;
  /** Evaluate at most this many regions (integer ≥ 1). */
  maxRegions: number;
  seed: number;
  steps?: number;
  eta?: number;
  /** Model grid when the renderer has none (default DEFAULT_EVALUATION_GRID); ignored otherwise. */
  evaluationGrid?: { shape: Vec3; spacingMm: Vec3 };
  onProgress?: (e: { region: number; regions: number; method: EvaluationMethod }) => void;
}

export interface MethodRow extends TextureMetrics {
  method: EvaluationMethod;
  /** Regions averaged. */
  regions: number;
}

export interface RegionResult {
  index: number;
  label: number;
  source: EvaluationRegion['source'];
  voxelsCt: number;
  volumeMl: number;
  /** The model grid of this region's crop ([nx, ny, nz], mm): the renderer's shape over the crop's field of view. */
  modelGrid: { shape: Vec3; spacingMm: Vec3 };
  voxelsModel: number;
  /** σ of real − coarse in the region (the white-noise baseline's σ), HU. */
  residualSigmaHu: number;
  /** Context voxels behind the nps-noise baseline's spectrum; fallback = white noise of the context σ. */
  npsNoise: { contextVoxels: number; fallback: boolean };
  seeds: Record<EvaluationMethod, number>;
  metrics: Record<EvaluationMethod, TextureMetrics>;
  timingsMs: Record<EvaluationMethod | 'preprocess', number>;
}

export interface SkippedRegion {
  index: number;
  label: number;
  voxelsCt: number;
  volumeMl: number;
  reason: string;
}

export interface RendererEvaluation {
  renderer: { name: string; version: string; learned: boolean };
  /** The renderer's grid (or the evaluation default), [nx, ny, nz] voxels and mm; fovMm as the pipeline uses it. */
  grid: { shape: Vec3; spacingMm: Vec3; fovMm: number; source: 'renderer' | 'evaluation-default' };
  seed: number;
  steps: number | null;
  maxRegions: number;
  rows: MethodRow[];
  regions: RegionResult[];
  skipped: SkippedRegion[];
  /** Regions of the mask not considered because maxRegions were evaluated. */
  notConsidered: number;
  researchUse: typeof RESEARCH_USE_LABEL;
}

export async function evaluateRenderer(ct: Volume, regionsMask: LabelVolume, opts: EvaluateRendererOptions): Promise<RendererEvaluation> {
  checkOptions(ct, regionsMask, opts);
  const grid = opts.renderer.grid ?? opts.evaluationGrid ?? DEFAULT_EVALUATION_GRID;
  const fovMm = Math.min(...grid.shape.map((n, a) => n * grid.spacingMm[a]!));
  const { regions, ids } = splitRegions(regionsMask);
  const results: RegionResult[] = [];
  const skipped: SkippedRegion[] = [];
  let considered = 0;
  for (const region of regions) {
    if (results.length >= opts.maxRegions) break;
    considered++;
    const skip = (reason: string) => skipped.push({ index: region.index, label: region.label, voxelsCt: region.voxels, volumeMl: region.volumeMl, reason });
    const extentMm = [0, 1, 2].map((a) => (region.bbox.max[a]! - region.bbox.min[a]! + 1) * ct.spacingMm[a]!);
    if (extentMm.some((e) => e + 20 > fovMm)) {
      skip(`region extent [${extentMm.map((e) => e.toFixed(1)).join(', ')}] mm plus 10 mm each side exceeds the renderer field of view ${fovMm.toFixed(1)} mm`);
      continue;
    }
    const prepared = prepareRegion(ct, ids, region, grid.shape, fovMm);
    if (prepared.voxelsModel < MIN_REGION_MODEL_VOXELS) {
      skip(prepared.voxelsModel === 0 ? 'region is empty after resampling to the model grid'
        : `region has ${prepared.voxelsModel} voxels on the model grid, fewer than ${MIN_REGION_MODEL_VOXELS}`);
      continue;
    }
    results.push(await evaluateRegion(region, prepared, opts, regions.length));
  }
  if (results.length === 0) {
    throw new EvaluationInputError(`no region could be evaluated: ${skipped.map((s) => `region ${s.index}: ${s.reason}`).join('; ')}`);
  }
  const rows = EVALUATION_METHODS.map((method): MethodRow => {
    const row = { method, regions: results.length } as MethodRow;
    for (const m of TEXTURE_METRIC_NAMES) row[m] = results.reduce((s, r) => s + r.metrics[method][m], 0) / results.length;
    return row;
  });
  return {
    renderer: { name: opts.renderer.name, version: opts.renderer.version, learned: opts.renderer.learned },
    grid: { shape: [...grid.shape], spacingMm: [...grid.spacingMm], fovMm, source: opts.renderer.grid ? 'renderer' : 'evaluation-default' },
    seed: opts.seed, steps: opts.steps ?? null, maxRegions: opts.maxRegions,
    rows, regions: results, skipped, notConsidered: regions.length - considered, researchUse: RESEARCH_USE_LABEL,
  };
}

interface PreparedRegion {
  modelGrid: VolumeGrid;
  real: Float32Array;
  region: Uint8Array;
  voxelsModel: number;
  ms: number;
}

function prepareRegion(ct: Volume, ids: Int32Array, region: EvaluationRegion, shape: Vec3, fovMm: number): PreparedRegion {
  const t0 = performance.now();
  const box = fovBox(region.bbox, ct.spacingMm, fovMm);
  const ctCrop = cropOrPad(ct, box, -1024);
  const [nx, ny, nz] = ct.dims;
  const regionData = new Uint8Array(ctCrop.data.length);
  let c = 0;
  for (let k = box.min[2]; k < box.max[2]; k++) for (let j = box.min[1]; j < box.max[1]; j++) for (let i = box.min[0]; i < box.max[0]; i++, c++) {
    if (i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz && ids[i + nx * (j + ny * k)] === region.label) regionData[c] = 1;
  }
  const cropGrid: VolumeGrid = { dims: ctCrop.dims, spacingMm: ctCrop.spacingMm, affineRas: ctCrop.affineRas };
  const modelGrid = rendererGridFor(cropGrid, shape);
  const real = resampleToGrid(ctCrop, modelGrid, 'linear', -1024).data as Float32Array;
  const regionModel = resampleToGrid({ ...cropGrid, data: regionData, labels: { 1: 'region' } }, modelGrid, 'nearest', 0).data;
  let voxelsModel = 0;
  for (const m of regionModel) if (m) voxelsModel++;
  return { modelGrid, real, region: regionModel, voxelsModel, ms: performance.now() - t0 };
}

async function evaluateRegion(region: EvaluationRegion, p: PreparedRegion, opts: EvaluateRendererOptions, total: number): Promise<RegionResult> {
  const shape = p.modelGrid.dims;
  const spacingMm = p.modelGrid.spacingMm;
  const coarse = coarseFromReal({ realHu: p.real, regionMask: p.region, shape, spacingMm });
  const input: RegionRenderInput = { shape, spacingMm, expectedHu: coarse, regionMask: p.region, contextHu: p.real };
  const rng = createRng(opts.seed).fork(`region.${region.index}`);
  const seeds = Object.fromEntries(EVALUATION_METHODS.map((m) => [m, rng.int(2 ** 31 - 1)])) as Record<EvaluationMethod, number>;
  const residualSigmaHu = regionResidualSigmaHu(p.real, coarse, p.region);
  const outputs = {} as Record<EvaluationMethod, Float32Array>;
  const timingsMs = { preprocess: p.ms } as RegionResult['timingsMs'];
  let npsNoise = { contextVoxels: 0, fallback: false };
  for (const method of EVALUATION_METHODS) {
    opts.onProgress?.({ region: region.index, regions: total, method });
    const t0 = performance.now();
    if (method === 'renderer') {
      const rendered = await opts.renderer.render(input, {
        seed: seeds.renderer, ...(opts.steps !== undefined ? { steps: opts.steps } : {}), ...(opts.eta !== undefined ? { eta: opts.eta } : {}),
      });
      outputs.renderer = rendered.hu;
    } else if (method === 'coarse') {
      outputs.coarse = renderCoarse(input);
    } else if (method === 'coarse+white-noise') {
      outputs[method] = renderCoarseWhiteNoise(input, residualSigmaHu, seeds[method]);
    } else {
      const r = renderCoarseNpsNoise(input, seeds[method]);
      outputs[method] = r.hu;
      npsNoise = { contextVoxels: r.contextVoxels, fallback: r.fallback };
    }
    timingsMs[method] = performance.now() - t0;
  }
  const metrics = Object.fromEntries(EVALUATION_METHODS.map((m) => [
    m, textureMetrics({ generated: outputs[m], real: p.real, coarse, region: p.region, shape, spacingMm }),
  ])) as Record<EvaluationMethod, TextureMetrics>;
  return {
    index: region.index, label: region.label, source: region.source, voxelsCt: region.voxels, volumeMl: region.volumeMl,
    modelGrid: { shape: [...shape], spacingMm: [...spacingMm] }, voxelsModel: p.voxelsModel, residualSigmaHu, npsNoise,
    seeds, metrics, timingsMs,
  };
}

function checkOptions(ct: Volume, regionsMask: LabelVolume, opts: EvaluateRendererOptions): void {
  if (!sameGrid(ct, regionsMask)) {
    throw new EvaluationInputError(
      `regions mask grid (dims [${regionsMask.dims.join(', ')}]) differs from the CT grid (dims [${ct.dims.join(', ')}]); conform it first (loadMask / conformMask)`,
    );
  }
  if (regionsMask.data.length !== ct.data.length) {
    throw new EvaluationInputError(`regions mask has ${regionsMask.data.length} voxels, the CT ${ct.data.length}`);
  }
  if (!(Number.isInteger(opts.maxRegions) && opts.maxRegions >= 1)) {
    throw new EvaluationInputError(`maxRegions must be an integer ≥ 1, got ${opts.maxRegions}`);
  }
  if (!Number.isInteger(opts.seed)) throw new EvaluationInputError(`seed must be an integer, got ${opts.seed}`);
  if (opts.steps !== undefined && !(Number.isInteger(opts.steps) && opts.steps >= 1)) {
    throw new EvaluationInputError(`steps must be an integer ≥ 1, got ${opts.steps}`);
  }
  const g = opts.evaluationGrid;
  if (g && !(g.shape.every((n) => Number.isInteger(n) && n >= 1) && g.spacingMm.every((s) => Number.isFinite(s) && s > 0))) {
    throw new EvaluationInputError(`evaluationGrid must have positive integer shape and positive spacing, got [${g.shape.join(', ')}] at [${g.spacingMm.join(', ')}] mm`);
  }
}
