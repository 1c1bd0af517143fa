/**
 * Model card and ONNX of a risk model fitted on a real cohort table (cohortRiskModel.ts): the fitted
 * covariates (coefficients, 95 % CIs), the declarative reading of the table (`cohortTable` plus
 * `covariateSources.<name>.cohort`), the treatment terms (`modalityCalibration`: the cohort's own
 * treatment fitted as the reference, other treatments cited or assumed, each marked), and the
 * cross-validated evaluation. Pure function of its inputs: the same fit gives the same bytes.
 */
import { createHash } from 'node:crypto';
import { RESEARCH_USE_LABEL } from '@mewm/contracts';
import type { CovariateSource, PlanSource } from '@mewm/models';
import { COX_ONNX_IR_VERSION, COX_ONNX_OPSET, exportCoxLinearModelToOnnx } from './coxOnnxExport.ts';
import type { CoxLinearModel } from './coxLinearModel.ts';
import type { CohortRiskFit } from './cohortRiskModel.ts';
import type { CohortTableMapping } from './cohorts/cohortTableMapping.ts';
import type { Citation } from './publishedEffects.ts';

/** How `mewm plan` computes a fitted covariate, and the coding in words. */
export interface FittedCovariateSpec {
  readonly plan: PlanSource;
  readonly coding: string;
  readonly note?: string;
}

/** One treatment term of the card. */
export interface ModalityTermSpec {
  readonly modality: string;
  /** Indicator column; null for the reference (the cohort's own treatment). */
  readonly feature: string | null;
  readonly label: string;
  readonly coefficient: number;
  /** fitted: the cohort's treatment (reference); cited: from the named publications; assumed: no source. */
  readonly status: 'fitted' | 'cited' | 'assumed';
  readonly curativeIntent: boolean;
  readonly responseRate: number;
  readonly anchor: string;
  readonly sources: readonly Citation[];
  readonly modelMedianMonths?: number | null;
  /** Whether the fitted post-treatment (response) covariates apply to this treatment; else held at their cohort mean. */
  readonly responseTermApplies?: boolean;
}

/** A post-treatment term the cohort does not record (cited or assumed), appended after the treatment indicators. */
export interface ExtraTermSpec {
  readonly name: string;
  readonly coefficient: number;
  readonly status: 'cited' | 'assumed';
  readonly plan: PlanSource;
  readonly coding: string;
  /** Its value for every row of the cohort table (e.g. 0: complete resection assumed). */
  readonly cohortConstant: number;
  readonly sources: readonly Citation[];
  readonly note: string;
}

export interface CohortCardSpec {
  readonly name: string;
  readonly version: string;
  readonly disease: 'hcc' | 'crlm';
  readonly description: string;
  readonly mapping: CohortTableMapping;
  readonly covariates: Readonly<Record<string, FittedCovariateSpec>>;
  readonly modalities: readonly ModalityTermSpec[];
  readonly extraTerms?: readonly ExtraTermSpec[];
  readonly times: readonly number[];
  readonly rmstHorizon: number;
  readonly training: Readonly<Record<string, unknown>>;
  readonly cvDesign: string;
  readonly gaps: Readonly<Record<string, unknown>>;
  readonly assumptions: readonly string[];
  readonly limitations: readonly string[];
}

const round = (v: number, digits = 10): number => (Number.isFinite(v) ? Number(v.toPrecision(digits)) : v);

/** The full linear model: fitted covariates, then one indicator per non-reference treatment. */
export function withModalityTerms(built: CohortRiskFit, modalities: readonly ModalityTermSpec[], extraTerms: readonly ExtraTermSpec[] = []): CoxLinearModel {
  const extra = [...modalities.filter((m) => m.feature !== null).map((m) => ({ name: m.feature!, coefficient: m.coefficient })), ...extraTerms];
  return {
    covariates: [...Array.from(built.model.covariates), ...extra.map((m) => m.name)],
    coefficients: [...Array.from(built.model.coefficients), ...extra.map((m) => m.coefficient)],
    means: [...Array.from(built.model.means), ...extra.map(() => 0)],
    baseline: built.model.baseline,
  };
}

export function cohortRiskModelArtifacts(built: CohortRiskFit, spec: CohortCardSpec): { onnx: Uint8Array; card: Record<string, unknown>; model: CoxLinearModel } {
  const extraTerms = spec.extraTerms ?? [];
  const model = withModalityTerms(built, spec.modalities, extraTerms);
  const onnx = exportCoxLinearModelToOnnx(model, {
    times: spec.times,
    rmstHorizon: spec.rmstHorizon,
    name: spec.name,
    version: spec.version,
    timeUnit: spec.mapping.outcome.timeUnit,
    description: spec.description,
    metadata: { ties: 'efron', card: `${spec.name}.json` },
  });
  const { fit, read, crossValidation: cv } = built;
  const columnMean = (name: string): number => read.covariates[name]!.reduce((a, b) => a + b, 0) / read.outcome.time.length;
  const fitted = fit.covariates.map((c, a) => ({
    name: c,
    part: 'fitted',
    coding: spec.covariates[c]!.coding,
    mean: round(fit.means[a]!),
    coefficient: round(fit.coefficients[a]!),
    stdErr: round(fit.stdErr[a]!),
    hazardRatio: round(fit.hazardRatio[a]!),
    hazardRatio95: [round(fit.hazardRatioLower[a]!), round(fit.hazardRatioUpper[a]!)],
    p: round(fit.p[a]!, 4),
    unknown: { imputeWith: round(columnMean(c)), rule: 'cohort mean over the rows fitted (proportion for 0/1 covariates); the caller records an imputed flag' },
    source: `fitted on ${String(spec.training.cohort)} (coxph-equivalent, Efron ties)`,
  }));
  const treatment = spec.modalities.filter((m) => m.feature !== null).map((m) => ({
    name: m.feature!,
    part: m.status === 'cited' ? 'published' : m.status,
    coding: `1 if the treatment is ${m.label}, else 0 (at most one indicator is 1; all 0 = ${spec.modalities.find((x) => x.feature === null)?.label ?? 'the reference'})`,
    mean: 0,
    coefficient: round(m.coefficient),
    hazardRatioVsReference: round(Math.exp(m.coefficient)),
    unknown: { imputeWith: null, rule: 'the modality must be known' },
    source: m.sources,
  }));
  const extra = extraTerms.map((t) => ({
    name: t.name,
    part: t.status === 'cited' ? 'published' : t.status,
    coding: t.coding,
    mean: 0,
    coefficient: round(t.coefficient),
    hazardRatio: round(Math.exp(t.coefficient)),
    unknown: { imputeWith: t.cohortConstant, rule: `${t.note}; the caller records an imputed flag` },
    source: t.sources,
  }));
  const sources: Record<string, CovariateSource> = Object.fromEntries([
    ...fit.covariates.map((c): [string, CovariateSource] => {
      const s = spec.covariates[c]!;
      const cohortSource = (spec.training.cohortSources as Record<string, CovariateSource['cohort']>)[c];
      return [c, { plan: s.plan, ...(cohortSource ? { cohort: cohortSource } : {}), ...(s.note ? { note: s.note } : {}) }];
    }),
    ...spec.modalities.filter((m) => m.feature !== null).map((m): [string, CovariateSource] => [
      m.feature!, { plan: { from: 'treatment.modality', eq: m.modality }, note: `${m.status} term: not in the training cohort` },
    ]),
    ...extraTerms.map((t): [string, CovariateSource] => [t.name, { plan: t.plan, note: `${t.status} term: ${t.note}` }]),
  ]);
  const sha256 = createHash('sha256').update(onnx).digest('hex');
  const unit = spec.mapping.outcome.timeUnit;
  const training = Object.fromEntries(Object.entries(spec.training).filter(([k]) => k !== 'cohortSources'));
  return {
    onnx,
    model,
    card: {
      schemaVersion: 1,
      name: spec.name,
      version: spec.version,
      kind: 'survival-risk',
      label: RESEARCH_USE_LABEL,
      disease: spec.disease,
      description: spec.description,
      onnx: { path: `${spec.name}.onnx`, sha256, sizeBytes: onnx.length, format: 'onnx', opset: COX_ONNX_OPSET, irVersion: COX_ONNX_IR_VERSION },
      inputs: [{ name: 'features', dtype: 'float32', shape: ['N', model.covariates.length], order: model.covariates, description: 'one row per patient or sample; covariates in `order`, coded as in `covariates`' }],
      outputs: [
        { name: 'logRisk', dtype: 'float32', shape: ['N'], description: '(x - mean) . coefficient over all terms; higher = worse' },
        { name: 'survival', dtype: 'float32', shape: ['N', spec.times.length], times: spec.times, timeUnit: unit, description: 'S(t) = exp(-H0(t) exp(logRisk))' },
        { name: 'rmst', dtype: 'float32', shape: ['N'], horizon: spec.rmstHorizon, timeUnit: unit, description: `restricted mean survival time to ${spec.rmstHorizon} ${unit}` },
      ],
      covariates: [...fitted, ...treatment, ...extra],
      covariateSources: sources,
      cohortTable: {
        ...spec.mapping,
        constants: Object.fromEntries([
          ...spec.modalities.filter((m) => m.feature !== null).map((m) => [m.feature!, 0] as const),
          ...extraTerms.map((t) => [t.name, t.cohortConstant] as const),
        ]),
      },
      modalityCalibration: spec.modalities.map((m) => ({
        modality: m.modality,
        feature: m.feature,
        status: m.status,
        curativeIntent: m.curativeIntent,
        responseRate: m.responseRate,
        coefficient: round(m.coefficient),
        anchor: m.anchor,
        ...(m.responseTermApplies !== undefined ? { responseTermApplies: m.responseTermApplies } : {}),
        ...(m.modelMedianMonths !== undefined ? { modelMedianMonths: m.modelMedianMonths } : {}),
        sources: m.sources,
      })),
      baselineHazard: {
        source: `Efron baseline cumulative hazard of the fitted model (R basehaz(fit, centered = TRUE)), ${unit}`,
        centring: 'continuous covariates at their cohort mean; 0/1 covariates uncentred (as R coxph); treatment terms uncentred',
        followUp: round(Math.max(...read.outcome.time)),
      },
      training: {
        ...training,
        n: fit.n,
        events: fit.eventCount,
        rowsInTable: read.rowCount,
        rowsDropped: read.dropped,
        gapsInFit: read.gaps,
        tableGaps: spec.gaps,
        ties: 'efron',
        eventsPerFittedCovariate: round(fit.eventCount / fit.covariates.length, 4),
        likelihoodRatio: { statistic: round(fit.likelihoodRatio.statistic, 6), df: fit.likelihoodRatio.df, p: round(fit.likelihoodRatio.p, 4) },
      },
      evaluation: {
        metric: "Harrell's C, time-dependent AUC (cumulative/dynamic, IPCW), Brier score (IPCW) and calibration on held-out folds",
        design: spec.cvDesign,
        note: 'every figure below is computed on held-out folds only (never the training rows of the same fit); the treatment terms cannot be evaluated on this cohort',
        cvConcordanceMean: round(cv.concordance.mean, 6),
        cvConcordanceSdAcrossFolds: round(cv.concordance.sdFolds, 6),
        cvConcordanceSdAcrossRepeats: round(cv.concordance.sdRepeats, 6),
        cvConcordanceRange: [round(Math.min(...cv.concordance.foldConcordance), 6), round(Math.max(...cv.concordance.foldConcordance), 6)],
        cvTimeDependentAuc: cv.auc.map((a) => ({ time: a.time, auc: round(a.auc, 6) })),
        cvBrierScore: cv.brier.map((b) => ({ time: b.time, brier: round(b.brier, 6) })),
        cvCalibration: {
          horizon: cv.calibration.horizon,
          timeUnit: unit,
          method: 'per repeat: out-of-fold linear predictor split into tertiles; mean out-of-fold predicted S(horizon) vs the Kaplan–Meier S(horizon) of the tertile; averaged over repeats',
          groups: cv.calibration.groups.map((g) => ({ group: g.group, n: round(g.n, 4), predicted: round(g.predicted, 4), observed: round(g.observed, 4) })),
        },
        apparentConcordance: round(built.apparentConcordance, 6),
        apparentNote: "Harrell's C of the final fit on its own rows (optimistic; for comparison only)",
      },
      assumptions: spec.assumptions,
      limitations: spec.limitations,
      intendedUse: 'Research: scoring measured or simulated outcomes in the MeWM planner and evaluating the model on tables in the same format. Not for clinical use, prognosis of individual patients or treatment decisions.',
      researchUse: RESEARCH_USE_LABEL,
    },
  };
}
