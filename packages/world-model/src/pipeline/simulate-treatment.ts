/**
 * The simulation pipeline: one pre-treatment CT + lesion mask + protocol → K simulated follow-up CTs.
 *
 * Per sample (seed s): lesion outcomes (outcome model) → tissue-state and expected-HU maps (spatial
 * dynamics) → CT texture in the changed region (renderer) → pasted back with a feathered edge.
 * Samples differ the way outcomes differ between patients; the same inputs and seed give
 * bit-identical outputs.
 *
 * Random streams per sample, all forked from `createRng(seed)`:
 * - outcome draws (`outcome-<lesion>`) do not depend on the protocol: every candidate sees the same
 *   uniforms (common random numbers), so differences between candidates come from the treatment,
 *   not from luck, and the planner's ranking has less variance. Magnitudes follow the protocol's
 *   own class probabilities through a quantile transform (see `drawResponseClass`);
 * - the spatial realisation (`dynamics|<modelReadKey>`: residual pattern, Lipiodol field, nodules,
 *   noise fields) and the renderer seed (`renderer|<modelReadKey>`) are keyed by the model-read key
 *   (modalities/model-read-key.ts): protocols the models read differently never share a spatial
 *   realisation or a rendered texture, and protocols the models read alike (TACE with different
 *   drugs) give bit-identical samples, so their difference is never spatial noise mistaken for a
 *   treatment effect, and the planner may simulate them once.
 */
import { RESEARCH_USE_LABEL, TISSUE_STATE, type SampleAnatomy } from '@mewm/contracts';
import {
  lesionComponents, measureMask, sameGrid, type LabelVolume, type Vec3, type Volume,
} from '@mewm/dicom';
import { DynamicsInputError } from '../errors.ts';
import type { LesionOutcome } from '../lesion-outcome.ts';
import { createRng } from '../random.ts';
import { sampleLesionOutcome } from '../outcome/index.ts';
import { synthesiseTissueState } from '../dynamics/index.ts';
import { labelBoxes } from '../dynamics/work-box.ts';
import { modelReadKey, type Protocol } from '../protocol/index.ts';
import type { RegionRenderer } from './region-renderer.ts';
import { renderRegion } from './render-region.ts';
import { assessProtocolAnatomy, hasAnatomy, measureSampleAnatomy } from './protocol-anatomy.ts';
import type { LiverCondition } from '../modalities/resection/liver-condition.ts';
import { summariseResponse, type BaselineLesion, type ResponseSummary } from './response-summary.ts';


export interface SimulationInput {
  ct: Volume;
  /** Lesion mask on the CT grid: any non-zero voxel is tumour; separate components are separate lesions. */
  lesionMask: LabelVolume;
  liverMask?: LabelVolume;
  /** Vessels ≥ 3 mm on the CT grid (segmentVessels): heat sink of an ablation, the nearest vessel. */
  vesselMask?: LabelVolume;
  /** The liver's condition, which sets the minimum future liver remnant of a resection (default 'normal'). */
  liverCondition?: LiverCondition;
  protocol: Protocol;
}

export interface SimulationOptions {
  samples: number;
  seed: number;
  renderer: RegionRenderer;
  steps?: number;
  eta?: number;
  onProgress?: (e: { sample: number; samples: number; stage: 'outcome' | 'dynamics' | 'render' | 'done' }) => void;
}

export interface SimulatedSample {
  index: number;
  seed: number;
  /** The simulated post-treatment CT (HU), on the input CT's grid. */
  volume: Volume;
  /** TISSUE_STATE labels on the CT grid. */
  states: LabelVolume;
  outcomes: Array<{ lesion: number; outcome: LesionOutcome }>;
  summary: ResponseSummary;
  /**
   * What the anatomy decided and the sample shows (with a liver or vessel mask): minimal ablative margin
   * and future liver remnant measured on the state map, the nearest vessel ≥ 3 mm, feasibility.
   */
  anatomy?: SampleAnatomy;
  timingsMs: Record<string, number>;
}

export interface SimulationResult {
  baseline: BaselineLesion[];
  /** Relabelled lesions (1..n by connected component, largest first) on the CT grid. */
  lesions: LabelVolume;
  samples: SimulatedSample[];
  renderer: { name: string; version: string; learned: boolean };
  researchUse: typeof RESEARCH_USE_LABEL;
}

/** Label connected lesion components 1..n (26-connected), largest first (lesionComponents); throws on an empty mask or > 255 lesions. */
export function labelLesions(mask: LabelVolume): LabelVolume {
  const fg = new Uint8Array(mask.data.length);
  let any = false;
  for (let v = 0; v < fg.length; v++) if (mask.data[v]) { fg[v] = 1; any = true; }
  if (!any) throw new DynamicsInputError('the lesion mask is empty: mark at least one lesion');
  const cc = lesionComponents(fg, mask.dims, 26); // largest first: lesion 1 is the largest, everywhere
  if (cc.count > 255) throw new DynamicsInputError(`the lesion mask has ${cc.count} separate components; at most 255 lesions are supported`);
  const data = new Uint8Array(fg.length);
  for (let v = 0; v < data.length; v++) data[v] = cc.labels[v]!;
  const labels: Record<number, string> = {};
  for (let c = 1; c <= cc.count; c++) labels[c] = `lesion ${c}`;
  return { dims: mask.dims, spacingMm: mask.spacingMm, affineRas: mask.affineRas, data, labels };
}

export async function simulateTreatment(input: SimulationInput, opts: SimulationOptions): Promise<SimulationResult> {
  const { ct } = input;
  if (!sameGrid(ct, input.lesionMask)) {
    throw new DynamicsInputError('the lesion mask is not on the CT grid: conform it first (loadMask resamples or explains why not)');
  }
  if (input.liverMask && !sameGrid(ct, input.liverMask)) throw new DynamicsInputError('the liver mask is not on the CT grid');
  if (input.vesselMask && !sameGrid(ct, input.vesselMask)) throw new DynamicsInputError('the vessel mask is not on the CT grid');
  if (!Number.isInteger(opts.samples) || opts.samples < 1 || opts.samples > 64) {
    throw new DynamicsInputError(`samples must be an integer 1..64, got ${opts.samples}`);
  }
  if (!Number.isInteger(opts.seed)) throw new DynamicsInputError(`seed must be an integer, got ${opts.seed}`);

  const { lesions, baseline, lesionBox } = baselineOf(input.lesionMask);

  const samples: SimulatedSample[] = [];
  for (let index = 0; index < opts.samples; index++) {
    const seed = opts.seed + index;
    samples.push(await simulateSample(input, { lesions, baseline, lesionBox }, index, seed, opts));
    opts.onProgress?.({ sample: index + 1, samples: opts.samples, stage: 'done' });
  }
  return {
    baseline, lesions, samples,
    renderer: { name: opts.renderer.name, version: opts.renderer.version, learned: opts.renderer.learned },
    researchUse: RESEARCH_USE_LABEL,
  };
}

interface LesionBaseline {
  lesions: LabelVolume;
  baseline: BaselineLesion[];
  /** Inclusive voxel bbox of all lesions. */
  lesionBox: { min: Vec3; max: Vec3 };
}

/**
 * Labelled lesions, their baseline measurements and bbox, memoised per lesion-mask object (a plan
 * simulates every candidate on the same mask, and masks are not modified in place). The labelled
 * volume is shared by the results of those calls.
 */
const baselines = new WeakMap<LabelVolume, LesionBaseline>();

function baselineOf(mask: LabelVolume): LesionBaseline {
  const hit = baselines.get(mask);
  if (hit) return hit;
  const lesions = labelLesions(mask);
  const boxes = labelBoxes(lesions.data, lesions.dims);
  const baseline: BaselineLesion[] = Object.keys(lesions.labels).map(Number).map((label) => {
    const m = measureMask(lesions, label);
    return { label, volumeMl: m.volumeMl, longestAxialDiameterMm: m.longestAxialDiameterMm };
  });
  const lesionBox = { min: [...lesions.dims] as Vec3, max: [-1, -1, -1] as Vec3 };
  for (const b of boxes.values()) {
    for (let a = 0; a < 3; a++) {
      lesionBox.min[a] = Math.min(lesionBox.min[a]!, b.min[a]!);
      lesionBox.max[a] = Math.max(lesionBox.max[a]!, b.max[a]!);
    }
  }
  const value = { lesions, baseline, lesionBox };
  baselines.set(mask, value);
  return value;
}

/** The smallest box holding both (inclusive bounds; an empty box, min > max, adds nothing). */
function unionBox(a: { min: Vec3; max: Vec3 }, b: { min: Vec3; max: Vec3 }): { min: Vec3; max: Vec3 } {
  const empty = (x: { min: Vec3; max: Vec3 }) => x.min.some((m, i) => m > x.max[i]!);
  if (empty(a)) return b;
  if (empty(b)) return a;
  return {
    min: a.min.map((m, i) => Math.min(m, b.min[i]!)) as Vec3,
    max: a.max.map((m, i) => Math.max(m, b.max[i]!)) as Vec3,
  };
}

async function simulateSample(
  input: SimulationInput, { lesions, baseline, lesionBox }: LesionBaseline, index: number, seed: number, opts: SimulationOptions,
): Promise<SimulatedSample> {
  const { ct, protocol } = input;
  const rng = createRng(seed);
  const key = modelReadKey(protocol);
  const progress = (stage: 'outcome' | 'dynamics' | 'render') => opts.onProgress?.({ sample: index + 1, samples: opts.samples, stage });
  const t0 = performance.now();
  const anatomyInput = {
    lesions, ...(input.liverMask ? { liverMask: input.liverMask } : {}), ...(input.vesselMask ? { vesselMask: input.vesselMask } : {}),
    ...(input.liverCondition ? { liverCondition: input.liverCondition } : {}),
  };
  const anatomy = hasAnatomy(anatomyInput) ? assessProtocolAnatomy(anatomyInput, protocol) : null;
  const tAnatomy = performance.now();
  progress('outcome');
  const outcomes = new Map<number, LesionOutcome>();
  for (const b of baseline) {
    const margin = anatomy?.ablation.get(b.label)?.minimalMarginMm;
    const lesion = margin !== undefined ? { ...b, measuredAblationMarginMm: margin } : b;
    outcomes.set(b.label, sampleLesionOutcome(protocol, lesion, protocol.followUpDays, rng.fork(`outcome-${b.label}`)));
  }
  progress('dynamics');
  const t1 = performance.now();
  const dyn = synthesiseTissueState({
    ct, lesions, ...(input.liverMask ? { liver: input.liverMask } : {}), outcomes, rng: rng.fork(`dynamics|${key}`),
    followUpDays: protocol.followUpDays, ...(anatomy && anatomy.ablationZones.size > 0 ? { ablationZones: anatomy.ablationZones } : {}),
  });
  const t2 = performance.now();
  progress('render');
  // the region is where the state changed (states ≠ 0); renderRegion reads it as non-zero / zero
  // a resection bed (with a liver mask) ends at real organ boundaries: no feathered blend there
  const bed = input.liverMask && [...outcomes.values()].some((o) => o.resectionMarginMm !== undefined)
    ? dyn.states.data.map((st) => (st === TISSUE_STATE.resectionCavity ? 1 : 0))
    : undefined;
  const rendered = await renderRegion(
    { ct, expectedHu: dyn.expectedHuBox, region: dyn.states.data, bbox: dyn.changed, ...(bed ? { hardEdge: bed } : {}) },
    {
      renderer: opts.renderer, seed: rng.fork(`renderer|${key}`).int(2 ** 31),
      ...(opts.steps !== undefined ? { steps: opts.steps } : {}), ...(opts.eta !== undefined ? { eta: opts.eta } : {}),
    },
  );
  const volume: Volume = {
    dims: ct.dims, spacingMm: ct.spacingMm, affineRas: ct.affineRas,
    data: rendered.data, // the CT's type: Int16 HU rounded to the nearest integer, or Float32
    meta: { source: 'derived', unit: ct.meta.unit, notes: [`simulated follow-up (${RESEARCH_USE_LABEL})`] },
  };
  return {
    index, seed, volume, states: dyn.states,
    outcomes: [...outcomes].map(([lesion, outcome]) => ({ lesion, outcome })),
    // every non-zero state is inside dyn.changed and every lesion voxel inside lesionBox
    summary: summariseResponse(dyn.states, lesions, baseline, unionBox(dyn.changed, lesionBox)),
    ...(anatomy ? { anatomy: measureSampleAnatomy(anatomyInput, anatomy, dyn.states) } : {}),
    timingsMs: { anatomy: tAnatomy - t0, outcome: t1 - tAnatomy, dynamics: t2 - t1, ...rendered.timingsMs, total: performance.now() - t0 },
  };
}
