/**
 * @mewm/survival: survival statistics that agree with R's survival package (see
 * reference/make-reference.R). Research use only, not for clinical use.
 */
export { SurvivalError, SurvivalInputError, CollinearityError, ConvergenceError } from './errors.ts';
export type { SurvivalOutcome } from './outcome.ts';
export { kaplanMeier, confidenceBounds } from './kaplanMeier.ts';
export type { ConfidenceType, KaplanMeierCurve, KaplanMeierOptions } from './kaplanMeier.ts';
export { medianSurvival } from './survivalMedian.ts';
export type { MedianSurvival, SurvivalCurveLike } from './survivalMedian.ts';
export { restrictedMeanSurvival } from './restrictedMean.ts';
export type { RestrictedMean, StepCurve } from './restrictedMean.ts';
export { logRankTest } from './logRank.ts';
export type { LogRankResult } from './logRank.ts';
export { coxPh } from './coxPh.ts';
export type { ChiSquareTest, CoxFit, CoxOptions } from './coxPh.ts';
export type { CovariateColumns } from './coxDesign.ts';
export type { CoxTies } from './coxLikelihood.ts';
export { coxBaselineHazard, coxLinearPredictor, coxPredictSurvival, coxSurvivalPredictor } from './coxBaseline.ts';
export type { CumulativeHazard, PredictedSurvival } from './coxBaseline.ts';
export { concordanceIndex } from './concordance.ts';
export type { ConcordanceOptions, ConcordanceResult } from './concordance.ts';
export { timeDependentAuc } from './timeDependentAuc.ts';
export type { TimeDependentAuc } from './timeDependentAuc.ts';
export { brierScore, integratedBrierScore } from './brierScore.ts';
export type { SurvivalPredictor } from './brierScore.ts';
