/**
 * Export of a Cox model fitted on a site's own cohort: the ONNX bytes and a model card that
 * createRiskModel / loadRiskModel accept. The card identifies the training data by the sha256 of
 * the data file (never its path or contents) and records covariates, coefficients with standard
 * error, hazard ratio and p, ties, n, events, dropped rows, concordance and the ONNX sha256.
 * A pure function of its inputs: the same fit gives the same bytes.
 */
import { createHash } from 'node:crypto';
import type { CoxFit } from './coxPh.ts';
import { coxBaselineHazard } from './coxBaseline.ts';
import { RESEARCH_USE_LABEL } from '@mewm/contracts';
import { COX_ONNX_IR_VERSION, COX_ONNX_OPSET, exportCoxModelToOnnx } from './coxOnnxExport.ts';
import type { ConcordanceResult } from './concordance.ts';
import type { CovariateSource } from '@mewm/models';
import { SurvivalInputError } from './errors.ts';

export interface FittedCoxExportOptions {
  /** sha256 (hex) of the training data file. */
  readonly dataSha256: string;
  readonly timeColumn: string;
  readonly eventColumn: string;
  /** Rows dropped for missing values before the fit. */
  readonly droppedRows: number;
  /** Harrell's C of the fit on its training data. */
  readonly concordance: ConcordanceResult;
  /** S(t) output times and RMST horizon, in the unit of the time column. */
  readonly times: readonly number[];
  readonly rmstHorizon: number;
  /** Unit of the time column as the user states it; default "units of <timeColumn>". */
  readonly timeUnit?: string;
  /** File name of the ONNX next to the card; default 'model.onnx'. */
  readonly onnxFileName?: string;
  /** File name of the card (recorded in the ONNX metadata); default 'model.json'. */
  readonly cardFileName?: string;
  /** Model name; default 'cox-model'. */
  readonly name?: string;
  /**
   * How each covariate is computed (card field covariateSources): the cohort column, and where a plan
   * feature computes it, the plan side (riskCovariateSources.ts fittedCovariateSources).
   */
  readonly covariateSources?: Readonly<Record<string, CovariateSource>>;
  /** Mean of each covariate column over the rows fitted (the value an unknown is imputed with when scoring). */
  readonly columnMeans?: Readonly<Record<string, number>>;
}

export interface FittedCoxExport {
  readonly onnx: Uint8Array;
  readonly card: Record<string, unknown>;
}

const round = (v: number, digits = 12): number => (Number.isFinite(v) ? Number(v.toPrecision(digits)) : v);

/**
 * @throws SurvivalInputError for a bad sha256, counts or times (times beyond the follow-up included).
 */
export function exportFittedCoxModel(fit: CoxFit, opts: FittedCoxExportOptions): FittedCoxExport {
  if (opts === null || typeof opts !== 'object') throw new SurvivalInputError('opts', 'expected export options');
  if (typeof opts.dataSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(opts.dataSha256)) throw new SurvivalInputError('opts.dataSha256', 'must be 64 lowercase hex digits');
  if (!Number.isInteger(opts.droppedRows) || opts.droppedRows < 0) throw new SurvivalInputError('opts.droppedRows', 'must be an integer >= 0');
  const name = opts.name ?? 'cox-model';
  const unit = opts.timeUnit ?? `units of ${opts.timeColumn}`;
  const onnxFileName = opts.onnxFileName ?? 'model.onnx';
  const onnx = exportCoxModelToOnnx(fit, coxBaselineHazard(fit), {
    times: opts.times,
    rmstHorizon: opts.rmstHorizon,
    name,
    version: '1',
    timeUnit: unit,
    description: `Cox proportional hazards model fitted with mewm survival fit (${fit.ties} ties)`,
    metadata: { card: opts.cardFileName ?? 'model.json', dataSha256: opts.dataSha256 },
  });
  const p = fit.covariates.length;
  for (const c of fit.covariates) {
    const m = opts.columnMeans?.[c];
    if (opts.columnMeans !== undefined && (typeof m !== 'number' || !Number.isFinite(m))) throw new SurvivalInputError(`opts.columnMeans.${c}`, 'must be a finite number');
    if (opts.covariateSources !== undefined && !opts.covariateSources[c]) throw new SurvivalInputError(`opts.covariateSources.${c}`, 'every covariate needs a declaration');
  }
  const card = {
    schemaVersion: 1,
    name,
    version: '1',
    kind: 'survival-risk',
    label: RESEARCH_USE_LABEL,
    description: `Cox proportional hazards model on ${p} covariate(s), fitted on a research site's cohort. Per row: log-risk, S(t) and RMST.`,
    onnx: {
      path: onnxFileName,
      sha256: createHash('sha256').update(onnx).digest('hex'),
      sizeBytes: onnx.length,
      format: 'onnx',
      opset: COX_ONNX_OPSET,
      irVersion: COX_ONNX_IR_VERSION,
    },
    inputs: [{ name: 'features', dtype: 'float32', shape: ['N', p], order: fit.covariates, description: 'one row per subject; covariates in `order`, in the units of the training columns' }],
    outputs: [
      { name: 'logRisk', dtype: 'float32', shape: ['N'], description: '(x - mean) . coefficient' },
      { name: 'survival', dtype: 'float32', shape: ['N', opts.times.length], times: opts.times, timeUnit: unit, description: 'S(t) = exp(-H0(t) exp(logRisk)), H0 the centred baseline' },
      { name: 'rmst', dtype: 'float32', shape: ['N'], horizon: opts.rmstHorizon, timeUnit: unit, description: 'restricted mean survival time: exact area under the step curve S' },
    ],
    covariates: fit.covariates.map((c, a) => ({
      name: c,
      column: c,
      mean: round(fit.means[a]!),
      coefficient: round(fit.coefficients[a]!),
      stdErr: round(fit.stdErr[a]!),
      hazardRatio: round(fit.hazardRatio[a]!),
      hazardRatioCi: { level: fit.confLevel, lower: round(fit.hazardRatioLower[a]!), upper: round(fit.hazardRatioUpper[a]!) },
      z: round(fit.z[a]!),
      p: round(fit.p[a]!),
      ...(opts.columnMeans ? { unknown: { imputeWith: round(opts.columnMeans[c]!), rule: 'mean of the column over the rows fitted (proportion for 0/1 columns); the caller records an imputed flag' } } : {}),
    })),
    ...(opts.covariateSources ? { covariateSources: Object.fromEntries(fit.covariates.map((c) => [c, opts.covariateSources![c]!])) } : {}),
    // How to read a table in the same format (mewm survival evaluate|predict): the fitted columns as they are.
    ...(opts.covariateSources && fit.covariates.every((c) => opts.covariateSources![c]!.cohort)
      ? {
        cohortTable: {
          format: `the table given to mewm survival fit: numeric columns ${[opts.timeColumn, opts.eventColumn, ...fit.covariates].join(', ')}`,
          missing: { cells: ['', 'NA'] },
          outcome: { time: opts.timeColumn, event: opts.eventColumn, timeUnit: unit },
        },
      }
      : {}),
    training: {
      data: { sha256: opts.dataSha256, note: 'the file is identified by its hash only; no path or rows are stored' },
      licence: 'the research site\'s own data, under the site\'s terms',
      timeColumn: opts.timeColumn,
      eventColumn: opts.eventColumn,
      timeUnit: unit,
      n: fit.n,
      events: fit.eventCount,
      droppedRows: opts.droppedRows,
      droppedRule: 'rows with a missing time, event or covariate are dropped (complete cases, as R)',
      ties: fit.ties,
      iterations: fit.iterations,
      converged: fit.converged,
      logLikelihood: { null: round(fit.logLikNull), fitted: round(fit.logLik) },
      tests: {
        likelihoodRatio: { statistic: round(fit.likelihoodRatio.statistic), df: fit.likelihoodRatio.df, p: round(fit.likelihoodRatio.p) },
        wald: { statistic: round(fit.wald.statistic), df: fit.wald.df, p: round(fit.wald.p) },
        score: { statistic: round(fit.score.statistic), df: fit.score.df, p: round(fit.score.p) },
      },
    },
    evaluation: {
      metric: "Harrell's C on the training data (apparent, optimistic; R concordance(fit))",
      concordance: round(opts.concordance.concordance),
      concordanceStdErr: round(opts.concordance.stdErr),
    },
    intendedUse: 'Research: scoring samples in the MeWM planner with a model fitted on the site\'s own cohort. Not for clinical use.',
    software: { producer: '@mewm/survival', method: 'coxph-equivalent Newton-Raphson (agrees with R survival 3.5)' },
    researchUse: RESEARCH_USE_LABEL,
  };
  return { onnx, card };
}
