/**
 * Export of a Cox model to ONNX (opset 17, IR version 8), encoded in TypeScript.
 *
 * Graph (computed in float64 inside, float32 at the edges):
 *   features  float32 [N, p]  covariates in model order, training units
 *   logRisk   float32 [N]     (x - means)' beta
 *   survival  float32 [N, T]  exp(-H0(t_k) exp(logRisk)), H0 the centred baseline cumulative hazard
 *   rmst      float32 [N]     sum_j w_j exp(-H0(g_j) exp(logRisk)): the area under the step curve S
 *                             from 0 to the horizon over the grid g (exact when g holds every jump)
 */
import { RESEARCH_USE_LABEL } from '@mewm/contracts';
import type { CoxFit } from './coxPh.ts';
import type { CumulativeHazard } from './coxBaseline.ts';
import { coxBaselineHazard } from './coxBaseline.ts';
import type { CoxLinearModel } from './coxLinearModel.ts';
import { baselineHazardAt, checkCoxLinearModel, checkScoringTimes, coxLinearModelFromFit } from './coxLinearModel.ts';
import type { OnnxNode, OnnxTensor } from './onnxProto.ts';
import { OnnxDataType, encodeOnnxModel } from './onnxProto.ts';
import { ConvergenceError, SurvivalInputError } from './errors.ts';

export const COX_ONNX_OPSET = 17;
export const COX_ONNX_IR_VERSION = 8;
const PRODUCER = '@mewm/survival';
const PRODUCER_VERSION = '0.1.0';

export interface CoxOnnxOptions {
  /** Times at which S(t) is output, strictly ascending, in the training unit (e.g. months 6, 12, 24, 36, 60). */
  readonly times: readonly number[];
  /** Horizon of the restricted mean survival time, in the training unit. */
  readonly rmstHorizon: number;
  /**
   * Integration grid for the RMST, ascending in [0, horizon). Default: 0 and every time in
   * (0, horizon) where the baseline hazard jumps, which makes the integral exact. A coarser grid
   * gives the left-endpoint rule on the step function (recorded in the metadata).
   */
  readonly grid?: readonly number[];
  /** Model name (metadata); default 'cox-model'. */
  readonly name?: string;
  /** Model version string (metadata); default '0.1.0'. */
  readonly version?: string;
  /** Unit of times (metadata), e.g. 'months'; default 'training time unit'. */
  readonly timeUnit?: string;
  /** Free-text description (ModelProto.doc_string). */
  readonly description?: string;
  /** Extra metadata_props, written after the standard keys (keys must not clash). */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** The RMST integration grid: points g_j and widths w_j = g_{j+1} - g_j (last up to the horizon). */
export interface RmstGrid {
  readonly points: Float64Array;
  readonly widths: Float64Array;
  /** True when every baseline jump below the horizon is a grid point (the integral is exact). */
  readonly exact: boolean;
}

/**
 * Integration grid for RMST to `horizon` (training time unit).
 * @throws SurvivalInputError for a grid that is not ascending within [0, horizon).
 */
export function rmstGrid(baseline: CumulativeHazard, horizon: number, grid?: readonly number[]): RmstGrid {
  const jumps: number[] = [];
  for (let j = 0; j < baseline.time.length; j++) {
    const t = baseline.time[j]!;
    const prev = j > 0 ? baseline.cumulativeHazard[j - 1]! : 0;
    if (t > 0 && t < horizon && baseline.cumulativeHazard[j]! > prev) jumps.push(t);
  }
  let points: number[];
  if (grid === undefined) points = [0, ...jumps];
  else {
    if (!Array.isArray(grid)) throw new SurvivalInputError('grid', 'expected an array of times');
    grid.forEach((g, k) => {
      if (typeof g !== 'number' || !Number.isFinite(g) || g < 0 || g >= horizon || (k > 0 && g <= grid[k - 1]!)) {
        throw new SurvivalInputError('grid', `entry ${k} must be finite, strictly ascending and within [0, ${horizon})`);
      }
    });
    const times: readonly number[] = grid;
    points = times[0] === 0 ? [...times] : [0, ...times];
  }
  const widths = points.map((g, j) => (j + 1 < points.length ? points[j + 1]! : horizon) - g);
  const set = new Set(points);
  // A baseline jump at time 0 is inside S from t = 0 on, so the grid point 0 covers it.
  return { points: Float64Array.from(points), widths: Float64Array.from(widths), exact: jumps.every((t) => set.has(t)) };
}

/**
 * Writes a fitted Cox model as an ONNX ModelProto (opset 17, IR 8): input `features` float32
 * [N, p] (covariates in `fit.covariates` order, training units), outputs `logRisk` [N],
 * `survival` [N, T] at `opts.times` and `rmst` [N] to `opts.rmstHorizon` (all float32, times in
 * the fit's unit). `baseline` must be the centred hazard, coxBaselineHazard(fit) (R's default).
 * @throws SurvivalInputError for an invalid fit, baseline, times, horizon or grid;
 *   ConvergenceError for a fit flagged as not converged or with a possibly infinite coefficient.
 */
export function exportCoxModelToOnnx(fit: CoxFit, baseline: CumulativeHazard, opts: CoxOnnxOptions): Uint8Array {
  const model = coxLinearModelFromFit(fit, baseline);
  if (!fit.converged || fit.possiblyInfinite.length > 0) {
    // A fit returned with onNonConvergence: 'flag' is for inspection, not for scoring.
    throw new ConvergenceError(
      fit.converged ? 'infinite-coefficient' : 'iteration-limit',
      fit.converged
        ? `fit: coefficient of ${fit.possiblyInfinite.map((c) => `'${c}'`).join(', ')} may be infinite; such a model is not exported`
        : `fit: Newton-Raphson did not converge (${fit.iterations} iterations); such a model is not exported`,
      { covariates: fit.possiblyInfinite, iterations: fit.iterations },
    );
  }
  checkCentredBaseline(fit, baseline);
  return exportCoxLinearModelToOnnx(model, { ...opts, metadata: { ties: fit.ties, ...opts.metadata } });
}

/**
 * As exportCoxModelToOnnx for any Cox linear model (fitted and fixed coefficients combined).
 * @throws SurvivalInputError for an invalid model, times, horizon, grid or metadata.
 */
export function exportCoxLinearModelToOnnx(model: CoxLinearModel, opts: CoxOnnxOptions): Uint8Array {
  checkCoxLinearModel(model);
  if (opts === null || typeof opts !== 'object') throw new SurvivalInputError('opts', 'expected { times, rmstHorizon, grid? }');
  checkScoringTimes(model.baseline, opts.times, opts.rmstHorizon);
  const grid = rmstGrid(model.baseline, opts.rmstHorizon, opts.grid);
  const p = model.covariates.length;
  const T = opts.times.length;
  const G = grid.points.length;
  const initializers: OnnxTensor[] = [
    { name: 'means', dataType: OnnxDataType.DOUBLE, dims: [p], values: Array.from(model.means) },
    { name: 'coefficients', dataType: OnnxDataType.DOUBLE, dims: [p], values: Array.from(model.coefficients) },
    { name: 'unsqueezeAxes', dataType: OnnxDataType.INT64, dims: [1], values: [1] },
    { name: 'negHazardAtTimes', dataType: OnnxDataType.DOUBLE, dims: [1, T], values: opts.times.map((t) => -baselineHazardAt(model.baseline, t)) },
    { name: 'negHazardOnGrid', dataType: OnnxDataType.DOUBLE, dims: [1, G], values: Array.from(grid.points, (g) => -baselineHazardAt(model.baseline, g)) },
    { name: 'gridWidths', dataType: OnnxDataType.DOUBLE, dims: [G], values: grid.widths },
  ];
  const node = (opType: string, inputs: string[], output: string, intAttributes?: Record<string, number>): OnnxNode => ({
    opType,
    inputs,
    outputs: [output],
    name: `${opType}_${output}`,
    ...(intAttributes ? { intAttributes } : {}),
  });
  const nodes: OnnxNode[] = [
    node('Cast', ['features'], 'features64', { to: OnnxDataType.DOUBLE }),
    node('Sub', ['features64', 'means'], 'centred'),
    node('MatMul', ['centred', 'coefficients'], 'logRisk64'),
    node('Cast', ['logRisk64'], 'logRisk', { to: OnnxDataType.FLOAT }),
    node('Exp', ['logRisk64'], 'relativeRisk'),
    node('Unsqueeze', ['relativeRisk', 'unsqueezeAxes'], 'relativeRiskColumn'),
    node('Mul', ['relativeRiskColumn', 'negHazardAtTimes'], 'logSurvivalAtTimes'),
    node('Exp', ['logSurvivalAtTimes'], 'survival64'),
    node('Cast', ['survival64'], 'survival', { to: OnnxDataType.FLOAT }),
    node('Mul', ['relativeRiskColumn', 'negHazardOnGrid'], 'logSurvivalOnGrid'),
    node('Exp', ['logSurvivalOnGrid'], 'survivalOnGrid'),
    node('MatMul', ['survivalOnGrid', 'gridWidths'], 'rmst64'),
    node('Cast', ['rmst64'], 'rmst', { to: OnnxDataType.FLOAT }),
  ];
  const unit = opts.timeUnit ?? 'training time unit';
  const metadata = coxMetadata(model, opts, grid, unit);
  return encodeOnnxModel({
    irVersion: COX_ONNX_IR_VERSION,
    opsetVersion: COX_ONNX_OPSET,
    producerName: PRODUCER,
    producerVersion: PRODUCER_VERSION,
    modelVersion: 1,
    docString: `${opts.description ?? 'Cox proportional hazards model'} (${RESEARCH_USE_LABEL})`,
    metadata,
    graph: {
      name: 'cox_proportional_hazards',
      nodes,
      initializers,
      inputs: [
        { name: 'features', elemType: OnnxDataType.FLOAT, shape: ['N', p], docString: `covariates in order: ${model.covariates.join(', ')}` },
      ],
      outputs: [
        { name: 'logRisk', elemType: OnnxDataType.FLOAT, shape: ['N'], docString: '(x - means) . coefficients' },
        { name: 'survival', elemType: OnnxDataType.FLOAT, shape: ['N', T], docString: `S(t) at times [${opts.times.join(', ')}] ${unit}` },
        { name: 'rmst', elemType: OnnxDataType.FLOAT, shape: ['N'], docString: `restricted mean survival time to ${opts.rmstHorizon} ${unit}` },
      ],
    },
  });
}

/** The baseline must be coxBaselineHazard(fit) (centred at fit.means), the hazard the graph assumes. */
function checkCentredBaseline(fit: CoxFit, baseline: CumulativeHazard): void {
  const expected = coxBaselineHazard(fit, { centered: true });
  const m = expected.time.length;
  let ok = baseline.time.length === m;
  for (let j = 0; ok && j < m; j++) {
    const h = expected.cumulativeHazard[j]!;
    ok = baseline.time[j] === expected.time[j] && Math.abs(baseline.cumulativeHazard[j]! - h) <= 1e-9 * Math.max(1, h);
  }
  if (!ok) throw new SurvivalInputError('baseline', 'must be coxBaselineHazard(fit) (centred at fit.means, all training times)');
}

function coxMetadata(model: CoxLinearModel, opts: CoxOnnxOptions, grid: RmstGrid, unit: string): [string, string][] {
  const standard: [string, string][] = [
    ['name', opts.name ?? 'cox-model'],
    ['version', opts.version ?? '0.1.0'],
    ['label', RESEARCH_USE_LABEL],
    ['covariates', JSON.stringify(model.covariates)],
    ['coefficients', JSON.stringify(Array.from(model.coefficients))],
    ['means', JSON.stringify(Array.from(model.means))],
    ['times', JSON.stringify(opts.times)],
    ['timeUnit', unit],
    ['rmstHorizon', String(opts.rmstHorizon)],
    ['rmstIntegration', grid.exact ? 'exact: step function over every baseline jump' : 'left-endpoint step rule on a supplied grid that misses baseline jumps'],
  ];
  const keys = new Set(standard.map(([k]) => k));
  for (const [k, v] of Object.entries(opts.metadata ?? {})) {
    if (keys.has(k)) throw new SurvivalInputError(`opts.metadata.${k}`, 'clashes with a standard metadata key');
    if (typeof v !== 'string') throw new SurvivalInputError(`opts.metadata.${k}`, 'must be a string');
    standard.push([k, v]);
  }
  return standard;
}
