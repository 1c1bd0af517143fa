/**
 * Kaplan-Meier estimate with Greenwood standard errors and pointwise confidence intervals,
 * matching R's survfit(Surv(time, status) ~ 1, conf.type = ...).
 */
import type { SurvivalOutcome } from './outcome.ts';
import { checkNumberInRange, checkOutcome } from './outcome.ts';
import { eventTable } from './eventTable.ts';
import { normalQuantile } from './distributions.ts';
import { SurvivalInputError } from './errors.ts';

/** Transformation for the pointwise interval: R's conf.type ("log" is R's default). */
export type ConfidenceType = 'log' | 'log-log' | 'plain';

export interface KaplanMeierOptions {
  /** Two-sided level in (0, 1); default 0.95. */
  readonly confLevel?: number;
  /** Default 'log', as in R. */
  readonly confType?: ConfidenceType;
}

/** A survival step curve, right-continuous: survival[j] holds on [time[j], time[j + 1]). */
export interface KaplanMeierCurve {
  readonly n: number;
  readonly eventCount: number;
  readonly confLevel: number;
  readonly confType: ConfidenceType;
  /** Distinct observed times (events and censorings), ascending, in the input's unit. */
  readonly time: Float64Array;
  readonly nRisk: Float64Array;
  readonly nEvent: Float64Array;
  readonly nCensor: Float64Array;
  readonly survival: Float64Array;
  /** Greenwood standard error of -log S(t) (R's fit$std.err); Infinity once S reaches 0. */
  readonly stdErrLogSurvival: Float64Array;
  /** Standard error of S(t) = S * stdErrLogSurvival (R's summary(fit)$std.err); NaN where S = 0. */
  readonly stdErrSurvival: Float64Array;
  /** Pointwise bounds; NaN where undefined (R's NA: S = 0, or S = 1 for log-log). */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

const CONF_TYPES: readonly ConfidenceType[] = ['log', 'log-log', 'plain'];

/**
 * Kaplan-Meier product-limit estimate. Input need not be sorted.
 * @throws SurvivalInputError for invalid outcome or options.
 */
export function kaplanMeier(outcome: SurvivalOutcome, options: KaplanMeierOptions = {}): KaplanMeierCurve {
  const checked = checkOutcome(outcome);
  const confLevel = checkNumberInRange('options.confLevel', options.confLevel ?? 0.95, 0, 1, { loOpen: true, hiOpen: true });
  const confType = options.confType ?? 'log';
  if (!CONF_TYPES.includes(confType)) {
    throw new SurvivalInputError('options.confType', `must be one of ${CONF_TYPES.join(', ')}`);
  }
  const table = eventTable(checked);
  const m = table.time.length;
  const survival = new Float64Array(m);
  const seLog = new Float64Array(m);
  let s = 1;
  let greenwood = 0;
  for (let j = 0; j < m; j++) {
    const n = table.nRisk[j]!;
    const d = table.nEvent[j]!;
    if (d > 0) {
      s *= (n - d) / n;
      greenwood += n > d ? d / (n * (n - d)) : Number.POSITIVE_INFINITY;
    }
    survival[j] = s;
    seLog[j] = Math.sqrt(greenwood);
  }
  const bounds = confidenceBounds(survival, seLog, confLevel, confType);
  const seSurv = survival.map((v, j) => (v === 0 ? Number.NaN : v * seLog[j]!));
  return {
    n: checked.n,
    eventCount: checked.eventCount,
    confLevel,
    confType,
    time: table.time,
    nRisk: table.nRisk,
    nEvent: table.nEvent,
    nCensor: table.nCensor,
    survival,
    stdErrLogSurvival: seLog,
    stdErrSurvival: seSurv,
    lower: bounds.lower,
    upper: bounds.upper,
  };
}

/**
 * Pointwise confidence bounds for a survival curve given the standard error of -log S, using R's
 * transformations: log (bounds S exp(-+z se), upper capped at 1), log-log
 * (exp(-exp(log(-log S) -+ z se / log S))) and plain (S -+ z se S, clipped to [0, 1]).
 */
export function confidenceBounds(
  survival: Float64Array,
  stdErrLogSurvival: Float64Array,
  confLevel: number,
  confType: ConfidenceType,
): { lower: Float64Array; upper: Float64Array } {
  const z = normalQuantile(1 - (1 - confLevel) / 2);
  const m = survival.length;
  const lower = new Float64Array(m);
  const upper = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const s = survival[j]!;
    const se = stdErrLogSurvival[j]!;
    let lo: number;
    let hi: number;
    if (confType === 'log') {
      if (s === 0) {
        lo = Number.NaN;
        hi = Number.NaN;
      } else {
        lo = Math.exp(Math.log(s) - z * se);
        hi = Math.min(1, Math.exp(Math.log(s) + z * se));
      }
    } else if (confType === 'log-log') {
      if (s === 0 || s === 1) {
        lo = Number.NaN;
        hi = Number.NaN;
      } else {
        const ll = Math.log(-Math.log(s));
        const w = (z * se) / Math.log(s);
        const a = Math.exp(-Math.exp(ll + w));
        const b = Math.exp(-Math.exp(ll - w));
        lo = Math.min(a, b);
        hi = Math.max(a, b);
      }
    } else {
      const half = z * se * s;
      lo = Number.isNaN(half) ? Number.NaN : Math.max(0, s - half);
      hi = Number.isNaN(half) ? Number.NaN : Math.min(1, s + half);
    }
    lower[j] = lo;
    upper[j] = hi;
  }
  return { lower, upper };
}
