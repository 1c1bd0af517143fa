/**
 * Cox proportional hazards fit by Newton-Raphson with step halving, following R's coxph
 * (survival 3.x coxfit6): start at beta = 0, stop when |1 - L_prev / L_new| <= 1e-9, at most 20
 * iterations, covariates centred on their means (0/1 and -1/0/1 columns left uncentred, as R).
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import type { SurvivalOutcome } from './outcome.ts';
import { checkNumberInRange, checkOutcome, orderByTime } from './outcome.ts';
import type { CovariateColumns } from './coxDesign.ts';
import { buildDesign } from './coxDesign.ts';
import type { CoxTies, SortedCoxData } from './coxLikelihood.ts';
import { coxLikelihood } from './coxLikelihood.ts';
import { chiSquareUpperTail, normalQuantile, normalTwoSidedP } from './distributions.ts';
import { ConvergenceError, SurvivalInputError } from './errors.ts';

export interface CoxOptions {
  /** Default 'efron' (R's default). */
  readonly ties?: CoxTies;
  /** Newton-Raphson iterations after the start, 1..100; default 20 (R's iter.max). */
  readonly maxIterations?: number;
  /** Relative change in log partial likelihood that ends the iteration; default 1e-9 (R's eps). */
  readonly tolerance?: number;
  /** Level of the hazard-ratio intervals in (0, 1); default 0.95. */
  readonly confLevel?: number;
  /**
   * 'throw' (default): non-convergence or a coefficient heading to infinity (monotone likelihood)
   * raises ConvergenceError. 'flag': return the last iterate with `converged` / `possiblyInfinite`
   * set, as R does with a warning.
   */
  readonly onNonConvergence?: 'throw' | 'flag';
}

export interface ChiSquareTest {
  readonly statistic: number;
  readonly df: number;
  readonly p: number;
}

export interface CoxFit {
  readonly ties: CoxTies;
  readonly covariates: readonly string[];
  readonly n: number;
  readonly eventCount: number;
  readonly coefficients: Float64Array;
  /** Square roots of the diagonal of the inverse information. */
  readonly stdErr: Float64Array;
  /** Inverse information (p x p). */
  readonly variance: readonly (readonly number[])[];
  readonly z: Float64Array;
  /** Two-sided Wald p-values per coefficient. */
  readonly p: Float64Array;
  readonly hazardRatio: Float64Array;
  readonly hazardRatioLower: Float64Array;
  readonly hazardRatioUpper: Float64Array;
  readonly confLevel: number;
  /** Log partial likelihood at beta = 0 and at the estimate (R's fit$loglik). */
  readonly logLikNull: number;
  readonly logLik: number;
  readonly wald: ChiSquareTest;
  readonly likelihoodRatio: ChiSquareTest;
  readonly score: ChiSquareTest;
  readonly iterations: number;
  readonly converged: boolean;
  /** Covariates whose coefficient may be infinite (R's "Loglik converged before variable"). */
  readonly possiblyInfinite: readonly string[];
  /** Centring constants (R's fit$means). */
  readonly means: Float64Array;
  /** (x - means)' beta per subject, input order (R's fit$linear.predictors). */
  readonly linearPredictor: Float64Array;
  /** Training outcome (input order), kept for the baseline hazard and predictions. */
  readonly time: Float64Array;
  readonly event: Uint8Array;
}

function chiSquare(statistic: number, df: number): ChiSquareTest {
  return { statistic, df, p: chiSquareUpperTail(statistic, df) };
}

function choleskyOf(info: Float64Array, p: number): CholeskyDecomposition | null {
  const chol = new CholeskyDecomposition(new Matrix(Array.from({ length: p }, (_, a) => Array.from(info.subarray(a * p, a * p + p)))));
  return chol.isPositiveDefinite() ? chol : null;
}

function quadraticForm(chol: CholeskyDecomposition, u: Float64Array): { value: number; solution: Float64Array } {
  const sol = chol.solve(Matrix.columnVector(Array.from(u)));
  const solution = Float64Array.from(sol.getColumn(0));
  let value = 0;
  for (let a = 0; a < u.length; a++) value += u[a]! * solution[a]!;
  return { value, solution };
}

/**
 * Fits a Cox proportional hazards model.
 * @param outcome follow-up time (any unit) and event indicator.
 * @param covariates named numeric columns (code factors as indicator columns first).
 * @throws SurvivalInputError (bad input, no events), CollinearityError (constant or aliased
 *   covariates), ConvergenceError (see `onNonConvergence`).
 */
export function coxPh(outcome: SurvivalOutcome, covariates: CovariateColumns, options: CoxOptions = {}): CoxFit {
  const data = checkOutcome(outcome);
  const ties = options.ties ?? 'efron';
  if (ties !== 'efron' && ties !== 'breslow') throw new SurvivalInputError('options.ties', "must be 'efron' or 'breslow'");
  const maxIterations = checkNumberInRange('options.maxIterations', options.maxIterations ?? 20, 1, 100);
  if (!Number.isInteger(maxIterations)) throw new SurvivalInputError('options.maxIterations', 'must be an integer in [1, 100]');
  const eps = checkNumberInRange('options.tolerance', options.tolerance ?? 1e-9, 0, 1e-2, { loOpen: true });
  const confLevel = checkNumberInRange('options.confLevel', options.confLevel ?? 0.95, 0, 1, { loOpen: true, hiOpen: true });
  const onNonConvergence = options.onNonConvergence ?? 'throw';
  if (onNonConvergence !== 'throw' && onNonConvergence !== 'flag') {
    throw new SurvivalInputError('options.onNonConvergence', "must be 'throw' or 'flag'");
  }
  if (data.eventCount === 0) throw new SurvivalInputError('outcome.event', 'no events: the Cox model is not estimable');
  const design = buildDesign(covariates, data.n);
  const { p, names } = design;

  const order = orderByTime(data.time, data.event);
  const sx = new Float64Array(data.n * p);
  order.forEach((i, k) => sx.set(design.x.subarray(i * p, i * p + p), k * p));
  const sorted: SortedCoxData = {
    n: data.n,
    p,
    time: Float64Array.from(order, (i) => data.time[i]!),
    event: Uint8Array.from(order, (i) => data.event[i]!),
    x: sx,
  };

  // Iteration 0: beta = 0, score test.
  let beta = new Float64Array(p);
  const start = coxLikelihood(sorted, beta, ties);
  const startChol = choleskyOf(start.information, p);
  if (!startChol) {
    throw new ConvergenceError('singular-information', 'information matrix at beta = 0 is not positive definite', { iterations: 0 });
  }
  const scoreStep = quadraticForm(startChol, start.score);
  const logLikNull = start.logLik;
  let logLikPrev = logLikNull;
  let newBeta = beta.map((b, a) => b + scoreStep.solution[a]!);
  let halving = false;
  let converged = false;
  let iterations = 0;
  let current = start;
  let chol: CholeskyDecomposition | null = startChol;
  for (let iter = 1; iter <= maxIterations; iter++) {
    iterations = iter;
    current = coxLikelihood(sorted, newBeta, ties);
    const finite = Number.isFinite(current.logLik);
    chol = finite ? choleskyOf(current.information, p) : null;
    if (finite && chol && Math.abs(1 - logLikPrev / current.logLik) <= eps && !halving) {
      converged = true;
      break;
    }
    if (iter === maxIterations) break;
    if (!finite || !chol || current.logLik < logLikPrev) {
      halving = true;
      newBeta = newBeta.map((b, a) => (b + beta[a]!) / 2);
    } else {
      halving = false;
      logLikPrev = current.logLik;
      const step = quadraticForm(chol, current.score).solution;
      beta = newBeta;
      newBeta = newBeta.map((b, a) => b + step[a]!);
    }
  }
  if (!chol || !Number.isFinite(current.logLik)) {
    throw new ConvergenceError('singular-information', 'information matrix became singular or the likelihood overflowed', { iterations });
  }
  const coef = newBeta;
  const identity = Matrix.eye(p);
  const varMatrix = chol.solve(identity);
  const variance = varMatrix.to2DArray();

  // R: infs = |var %*% u| > eps and > sqrt(eps) |coef| flags a coefficient that may be infinite.
  const nextStep = varMatrix.mmul(Matrix.columnVector(Array.from(current.score))).getColumn(0);
  const possiblyInfinite = converged
    ? names.filter((_, a) => Math.abs(nextStep[a]!) > eps && Math.abs(nextStep[a]!) > Math.sqrt(eps) * Math.abs(coef[a]!))
    : [];
  if (onNonConvergence === 'throw') {
    if (!converged) {
      throw new ConvergenceError('iteration-limit', `Newton-Raphson did not converge in ${maxIterations} iterations`, { iterations });
    }
    if (possiblyInfinite.length > 0) {
      throw new ConvergenceError(
        'infinite-coefficient',
        `monotone likelihood: coefficient of ${possiblyInfinite.map((c) => `'${c}'`).join(', ')} may be infinite ` +
          '(complete separation); R warns "Loglik converged before variable"',
        { covariates: possiblyInfinite, iterations },
      );
    }
  }

  const stdErr = Float64Array.from({ length: p }, (_, a) => Math.sqrt(variance[a]![a]!));
  const z = coef.map((b, a) => b / stdErr[a]!);
  const zq = normalQuantile(1 - (1 - confLevel) / 2);
  let waldStat = 0;
  for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) waldStat += coef[a]! * current.information[a * p + b]! * coef[b]!;
  const linearPredictor = new Float64Array(data.n);
  for (let i = 0; i < data.n; i++) {
    let eta = 0;
    for (let a = 0; a < p; a++) eta += design.x[i * p + a]! * coef[a]!;
    linearPredictor[i] = eta;
  }
  return {
    ties,
    covariates: names,
    n: data.n,
    eventCount: data.eventCount,
    coefficients: coef,
    stdErr,
    variance,
    z,
    p: z.map((v) => normalTwoSidedP(v)),
    hazardRatio: coef.map(Math.exp),
    hazardRatioLower: coef.map((b, a) => Math.exp(b - zq * stdErr[a]!)),
    hazardRatioUpper: coef.map((b, a) => Math.exp(b + zq * stdErr[a]!)),
    confLevel,
    logLikNull,
    logLik: current.logLik,
    wald: chiSquare(waldStat, p),
    likelihoodRatio: chiSquare(2 * (current.logLik - logLikNull), p),
    score: chiSquare(scoreStep.value, p),
    iterations,
    converged,
    possiblyInfinite,
    means: design.means,
    linearPredictor,
    time: data.time,
    event: data.event,
  };
}
