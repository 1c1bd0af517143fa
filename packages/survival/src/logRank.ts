/**
 * k-sample log-rank test, matching R's survdiff(Surv(time, status) ~ group) (rho = 0).
 */
import { Matrix, solve } from 'ml-matrix';
import type { SurvivalOutcome } from './outcome.ts';
import { checkOutcome, orderByTime } from './outcome.ts';
import { chiSquareUpperTail } from './distributions.ts';
import { SurvivalInputError } from './errors.ts';

export interface LogRankResult {
  /** Group labels, sorted (numerically when all are numbers). */
  readonly groups: readonly (string | number)[];
  readonly n: readonly number[];
  readonly observed: readonly number[];
  readonly expected: readonly number[];
  /** Hypergeometric variance-covariance of observed - expected (k x k, row-major). */
  readonly variance: readonly (readonly number[])[];
  readonly chiSquare: number;
  readonly df: number;
  readonly p: number;
}

function sortedLabels(groups: ArrayLike<string | number>): (string | number)[] {
  const labels = [...new Set(Array.from(groups))];
  if (labels.every((g) => typeof g === 'number')) return labels.sort((a, b) => a - b);
  return labels.map(String).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Log-rank test of equal hazards across the groups.
 * @param groups one label per subject (string or finite number); at least 2 distinct labels.
 * @throws SurvivalInputError for invalid outcome/groups, no events, or a singular variance.
 */
export function logRankTest(outcome: SurvivalOutcome, groups: ArrayLike<string | number>): LogRankResult {
  const data = checkOutcome(outcome);
  if (groups === null || typeof groups !== 'object' || groups.length !== data.n) {
    throw new SurvivalInputError('groups', `expected an array of length ${data.n}`);
  }
  for (let i = 0; i < data.n; i++) {
    const g = groups[i];
    if (!((typeof g === 'number' && Number.isFinite(g)) || typeof g === 'string')) {
      throw new SurvivalInputError('groups', `entry ${i} must be a string or a finite number`);
    }
  }
  const labels = sortedLabels(groups);
  const k = labels.length;
  if (k < 2) throw new SurvivalInputError('groups', 'needs at least 2 distinct groups');
  if (data.eventCount === 0) throw new SurvivalInputError('outcome.event', 'no events: the test is undefined');
  const allNumbers = typeof labels[0] === 'number';
  const indexOf = new Map<string | number, number>(labels.map((g, j) => [g, j]));
  const gIndex = Uint32Array.from(Array.from(groups), (g) => indexOf.get(allNumbers ? g : String(g))!);

  const atRisk = new Float64Array(k);
  for (let i = 0; i < data.n; i++) atRisk[gIndex[i]!]! += 1;
  const nPerGroup = Array.from(atRisk);
  const observed = new Float64Array(k);
  const expected = new Float64Array(k);
  const variance = Matrix.zeros(k, k);
  const deaths = new Float64Array(k);
  const leaving = new Float64Array(k);
  const order = orderByTime(data.time, data.event);
  for (let a = 0; a < order.length; ) {
    const t = data.time[order[a]!]!;
    deaths.fill(0);
    leaving.fill(0);
    let b = a;
    for (; b < order.length && data.time[order[b]!] === t; b++) {
      const i = order[b]!;
      const g = gIndex[i]!;
      leaving[g]! += 1;
      if (data.event[i] === 1) deaths[g]! += 1;
    }
    let nTotal = 0;
    let dTotal = 0;
    for (let g = 0; g < k; g++) {
      nTotal += atRisk[g]!;
      dTotal += deaths[g]!;
    }
    if (dTotal > 0) {
      const factor = nTotal > 1 ? (dTotal * (nTotal - dTotal)) / (nTotal * (nTotal - 1)) : 0;
      for (let g = 0; g < k; g++) {
        observed[g]! += deaths[g]!;
        expected[g]! += (dTotal * atRisk[g]!) / nTotal;
        for (let h = 0; h < k; h++) {
          const cov = factor * atRisk[g]! * ((g === h ? 1 : 0) - atRisk[h]! / nTotal);
          variance.set(g, h, variance.get(g, h) + cov);
        }
      }
    }
    for (let g = 0; g < k; g++) atRisk[g]! -= leaving[g]!;
    a = b;
  }
  // Drop the first group (the k differences sum to zero) and solve, as survdiff does.
  const diff = Matrix.columnVector(Array.from(observed, (o, g) => o - expected[g]!).slice(1));
  const v = variance.subMatrix(1, k - 1, 1, k - 1);
  const singular = (): SurvivalInputError =>
    new SurvivalInputError('groups', 'variance matrix is singular (a group has no subject at risk at any event time)');
  let chiSquare = 0;
  try {
    const x = solve(v, diff);
    for (let g = 0; g < k - 1; g++) chiSquare += x.get(g, 0) * diff.get(g, 0);
  } catch {
    throw singular(); // ml-matrix throws a plain Error for a singular LU
  }
  if (!Number.isFinite(chiSquare)) throw singular();
  const df = Array.from(expected).filter((e) => e > 0).length - 1;
  return {
    groups: labels,
    n: nPerGroup,
    observed: Array.from(observed),
    expected: Array.from(expected),
    variance: variance.to2DArray(),
    chiSquare,
    df,
    p: chiSquareUpperTail(chiSquare, df),
  };
}
