/**
 * DDIM sampling (Song, Meng & Ermon, ICLR 2021, "Denoising Diffusion Implicit Models", eq. 12) over
 * a renderer ONNX session. Per step, from x_t and the model output:
 *
 *   epsilon parameterisation: ε̂ = out,  x̂0 = (x_t − √(1−ᾱ_t) ε̂) / √ᾱ_t
 *   v parameterisation (Salimans & Ho, ICLR 2022): x̂0 = √ᾱ_t x_t − √(1−ᾱ_t) v̂,  ε̂ = √(1−ᾱ_t) x_t + √ᾱ_t v̂
 *   x̂0 is clipped to the model range ([−1, 1], or ±clip for a residual encoding), optionally projected
 *   (`projectX0`, e.g. the renderer's low-pass consistency) and ε̂ recomputed from that x̂0, then
 *   σ = η · √((1−ᾱ_prev)/(1−ᾱ_t)) · √(1 − ᾱ_t/ᾱ_prev)
 *   x_prev = √ᾱ_prev x̂0 + √(1 − ᾱ_prev − σ²) ε̂ + σ z,  z ~ N(0, I)
 *
 * Timesteps: 'uniform' spacing (noise-schedule.ts); the last step goes to ᾱ_prev = 1, so the result
 * is the clipped x̂0 of the last step. η = 0 is deterministic given the initial noise; every draw
 * (initial noise, then per-step z when η > 0) comes from one stream of createRng(seed), so the same
 * seed gives bit-identical output on the same machine and provider.
 */
import * as ort from 'onnxruntime-node';
import { ModelInputError } from '../errors.ts';
import { requireRendererCard, type ModelCard, type SampleEncoding } from '@mewm/models';
import type { OnnxSession } from '@mewm/models';
import { createRng } from '../random.ts';
import { alphaBars, ddimTimesteps } from './noise-schedule.ts';

/** What the sampler needs of a session: its card (with a renderer block) and `run`. */
export type DenoiserSession = Pick<OnnxSession, 'run'> & { readonly card: ModelCard };

export interface DdimStepInfo {
  /** 0-based step index, and the number of steps. */
  step: number;
  steps: number;
  /** Training timestep t of this step. */
  timestep: number;
  /** Wall time of this step (model run + update), ms. */
  ms: number;
}

export interface DdimOptions {
  session: DenoiserSession;
  /** Condition tensor data, C-order [1, C, D, H, W] as the card's condition input. */
  condition: Float32Array;
  /** Shape of the sample tensor, e.g. [1, 1, 32, 32, 32]. */
  shape: readonly number[];
  steps: number;
  /** 0 = deterministic DDIM; 1 = DDPM-like ancestral noise. Range [0, 1]. */
  eta: number;
  seed: number;
  /** Clip x̂0 at every step to the card's range ([−1, 1], or ±clip for a residual encoding); default true. */
  clipSample?: boolean;
  /** Correct the (clipped) x̂0 in place at every step, before ε̂ is recomputed from it. */
  projectX0?: (x0: Float32Array) => void;
  onStep?: (info: DdimStepInfo) => void;
}

export interface DdimResult {
  /** Final sample in model units, within [−1, 1] when clipSample is on. */
  sample: Float32Array;
  /** Training timesteps visited, high to low. */
  timesteps: number[];
  /** Wall time per step, ms. */
  stepMs: number[];
  totalMs: number;
}

export async function ddimSample(opts: DdimOptions): Promise<DdimResult> {
  const card = requireRendererCard(opts.session.card);
  const spec = card.renderer;
  checkOptions(opts, card.inputs.find((s) => s.name === spec.io.condition)?.shape ?? []);
  const timesteps = ddimTimesteps(spec.noiseSchedule.trainSteps, opts.steps);
  const abar = alphaBars(spec.noiseSchedule);
  const timestepDtype = card.inputs.find((s) => s.name === spec.io.timestep)?.dtype ?? 'float32';
  const clip = (opts.clipSample ?? true) ? sampleClipBound(spec.sampleEncoding) : Infinity;
  const rng = createRng(opts.seed).fork('ddim');
  const n = opts.shape.reduce((a, b) => a * b, 1);

  let x: Float32Array = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = rng.normal();
  const condition = new ort.Tensor('float32', opts.condition, [...conditionDims(opts)]);
  const stepMs: number[] = [];
  const t0 = performance.now();

  for (let k = 0; k < timesteps.length; k++) {
    const ts = performance.now();
    const t = timesteps[k]!;
    const aT = abar[t]!;
    const aPrev = k + 1 < timesteps.length ? abar[timesteps[k + 1]!]! : 1;
    const feeds: Record<string, ort.Tensor> = {
      [spec.io.sample]: new ort.Tensor('float32', x, [...opts.shape]),
      [spec.io.condition]: condition,
      [spec.io.timestep]: timestepDtype === 'int64'
        ? new ort.Tensor('int64', BigInt64Array.from([BigInt(t)]), [1])
        : new ort.Tensor('float32', Float32Array.from([t]), [1]),
    };
    const out = (await opts.session.run(feeds))[spec.io.prediction];
    if (!out || !(out.data instanceof Float32Array) || out.data.length !== n) {
      throw new ModelInputError(`model ${card.name}: output '${spec.io.prediction}' must be float32 with ${n} elements`);
    }
    const sigma = opts.eta * Math.sqrt((1 - aPrev) / (1 - aT)) * Math.sqrt(1 - aT / aPrev);
    x = ddimUpdate(x, out.data, { aT, aPrev, sigma, parameterisation: spec.parameterisation, clip }, () => rng.normal(), opts.projectX0);
    const ms = performance.now() - ts;
    stepMs.push(ms);
    opts.onStep?.({ step: k, steps: timesteps.length, timestep: t, ms });
  }
  return { sample: x, timesteps, stepMs, totalMs: performance.now() - t0 };
}

export interface DdimUpdateParams {
  /** ᾱ at this step's timestep and at the next (1 after the last step). */
  aT: number;
  aPrev: number;
  /** Noise scale σ of this step (0 for η = 0). */
  sigma: number;
  parameterisation: 'epsilon' | 'v';
  /** x̂0 is clipped to [−clip, clip] (Infinity: no clipping). */
  clip: number;
}

/** The range x̂0 is clipped to: the model range [−1, 1] for windowed HU, ±clip for a residual encoding. */
export function sampleClipBound(encoding: SampleEncoding): number {
  return encoding.kind === 'residual' ? encoding.clip : 1;
}

/**
 * One DDIM update x_t → x_prev (pure apart from `normal`, which is called only when σ > 0, and
 * `projectX0`, which corrects x̂0 in place).
 */
export function ddimUpdate(
  x: Float32Array, out: Float32Array, p: DdimUpdateParams, normal: () => number, projectX0?: (x0: Float32Array) => void,
): Float32Array {
  const sa = Math.sqrt(p.aT);
  const s1a = Math.sqrt(1 - p.aT);
  const saPrev = Math.sqrt(p.aPrev);
  const dirScale = Math.sqrt(Math.max(0, 1 - p.aPrev - p.sigma * p.sigma));
  const x0 = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const m = out[i]!;
    const v = p.parameterisation === 'epsilon' ? (x[i]! - s1a * m) / sa : sa * x[i]! - s1a * m;
    x0[i] = Math.min(p.clip, Math.max(-p.clip, v));
  }
  projectX0?.(x0);
  const next = x0; // updated in place: x0[i] is read before next[i] is written
  for (let i = 0; i < x.length; i++) {
    const eps = (x[i]! - sa * x0[i]!) / s1a;
    let v = saPrev * x0[i]! + dirScale * eps;
    if (p.sigma > 0) v += p.sigma * normal();
    next[i] = v;
  }
  return next;
}

function conditionDims(opts: DdimOptions): number[] {
  const spatial = opts.shape.slice(2);
  const voxels = spatial.reduce((a, b) => a * b, 1);
  return [opts.shape[0] ?? 1, opts.condition.length / Math.max(1, voxels * (opts.shape[0] ?? 1)), ...spatial];
}

function checkOptions(opts: DdimOptions, conditionShape: readonly (number | string)[]): void {
  const bad = (msg: string): never => {
    throw new ModelInputError(`ddimSample: ${msg}`);
  };
  if (!Number.isInteger(opts.seed)) bad(`seed must be an integer, got ${opts.seed}`);
  if (!(Number.isFinite(opts.eta) && opts.eta >= 0 && opts.eta <= 1)) bad(`eta must be in [0, 1], got ${opts.eta}`);
  if (opts.shape.length < 3 || !opts.shape.every((d) => Number.isInteger(d) && d >= 1)) {
    bad(`shape must be [batch, channels, ...spatial] positive integers, got [${opts.shape.join(', ')}]`);
  }
  if (!(opts.condition instanceof Float32Array)) bad('condition must be a Float32Array');
  const spatialVoxels = opts.shape.slice(2).reduce((a, b) => a * b, 1) * (opts.shape[0] ?? 1);
  const channels = typeof conditionShape[1] === 'number' ? conditionShape[1] : undefined;
  if (opts.condition.length % spatialVoxels !== 0 || (channels !== undefined && opts.condition.length !== channels * spatialVoxels)) {
    bad(`condition has ${opts.condition.length} values; expected ${channels ?? 'C'} channels × ${spatialVoxels} voxels for sample shape [${opts.shape.join(', ')}]`);
  }
}
