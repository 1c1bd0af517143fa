/**
 * Covariate input for the Cox model: validation, R-style centring and the collinearity check.
 */
import { Matrix, solve } from 'ml-matrix';
import { CollinearityError, SurvivalInputError } from './errors.ts';

/** Named covariate columns, one value per subject; the key order fixes the coefficient order. */
export type CovariateColumns = Readonly<Record<string, ArrayLike<number>>>;

export interface CovariateDesign {
  readonly names: readonly string[];
  readonly n: number;
  readonly p: number;
  /**
   * Centring constants (R's fit$means): the column mean, except 0 for columns whose values all lie
   * in {-1, 0, 1}, which R's coxph (nocenter = c(-1, 0, 1)) leaves uncentred.
   */
  readonly means: Float64Array;
  /** Centred values, row-major n x p, in input order. */
  readonly x: Float64Array;
}

/** 1 - R^2 below this marks a covariate as a linear combination of earlier ones. */
const ALIAS_TOLERANCE = 1e-10;

/**
 * Validates covariate columns (finite, length n, at least one) and centres them like R.
 * @throws SurvivalInputError for missing/mis-sized/non-finite columns;
 *   CollinearityError for a constant covariate or one that is a linear combination of earlier ones.
 */
export function buildDesign(covariates: CovariateColumns, n: number, argument = 'covariates'): CovariateDesign {
  if (covariates === null || typeof covariates !== 'object' || Array.isArray(covariates)) {
    throw new SurvivalInputError(argument, 'expected an object mapping covariate names to arrays');
  }
  const names = Object.keys(covariates);
  if (names.length === 0) throw new SurvivalInputError(argument, 'needs at least one covariate');
  if (names.length > 1000) throw new SurvivalInputError(argument, `at most 1000 covariates, got ${names.length}`);
  const p = names.length;
  const x = new Float64Array(n * p);
  const means = new Float64Array(p);
  names.forEach((name, j) => {
    const col = covariates[name];
    if (col === null || typeof col !== 'object' || typeof col.length !== 'number' || col.length !== n) {
      throw new SurvivalInputError(`${argument}.${name}`, `expected an array of ${n} numbers`);
    }
    let sum = 0;
    let zeroOne = true;
    for (let i = 0; i < n; i++) {
      const v = col[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new SurvivalInputError(`${argument}.${name}`, `entry ${i} must be a finite number`);
      }
      sum += v;
      if (v !== 0 && v !== 1 && v !== -1) zeroOne = false;
      x[i * p + j] = v;
    }
    means[j] = zeroOne ? 0 : sum / n;
  });
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) x[i * p + j]! -= means[j]!;
  checkAliasing(names, x, n, p);
  return { names, n, p, means, x };
}

/** Mean-centred copy of column j (the check always uses true means). */
function centredColumn(x: Float64Array, n: number, p: number, j: number): number[] {
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i * p + j]!;
  mean /= n;
  return Array.from({ length: n }, (_, i) => x[i * p + j]! - mean);
}

/**
 * Refuses constant covariates and covariates that are (numerically) linear combinations of earlier
 * ones, the cases where R's coxph returns NA ("aliased") coefficients. Least squares via ml-matrix.
 */
function checkAliasing(names: readonly string[], x: Float64Array, n: number, p: number): void {
  const kept: number[] = [];
  const keptCols: number[][] = [];
  for (let j = 0; j < p; j++) {
    const col = centredColumn(x, n, p, j);
    const ss = col.reduce((a, v) => a + v * v, 0);
    const scale = col.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
    if (ss === 0 || scale === 0) {
      throw new CollinearityError([names[j]!], `covariate '${names[j]}' is constant: its coefficient cannot be estimated`);
    }
    if (kept.length > 0 && n > kept.length) {
      const a = new Matrix(n, kept.length);
      keptCols.forEach((c, k) => a.setColumn(k, c));
      const coef = solve(a, Matrix.columnVector(col));
      const fitted = a.mmul(coef);
      let rss = 0;
      for (let i = 0; i < n; i++) rss += (col[i]! - fitted.get(i, 0)) ** 2;
      if (rss / ss < ALIAS_TOLERANCE) {
        const partners = kept.filter((k, idx) => {
          const colNorm = Math.sqrt(keptCols[idx]!.reduce((s, v) => s + v * v, 0));
          return Math.abs(coef.get(idx, 0)) * colNorm > 1e-6 * Math.sqrt(ss);
        });
        const involved = [names[j]!, ...partners.map((k) => names[k]!)];
        throw new CollinearityError(
          involved,
          `covariate '${names[j]}' is a linear combination of ${partners.map((k) => `'${names[k]}'`).join(', ')}: ` +
            'its coefficient cannot be estimated (R reports NA); drop one of them',
        );
      }
    } else if (kept.length >= n) {
      throw new CollinearityError([names[j]!], `more covariates than subjects: '${names[j]}' cannot be estimated`);
    }
    kept.push(j);
    keptCols.push(col);
  }
}
