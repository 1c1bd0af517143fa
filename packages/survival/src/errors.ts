/**
 * Typed errors of @mewm/survival. Every failure is one of these, never a `null` or a bare string.
 * Messages name the argument and the allowed range and never contain patient values.
 * The base is the shared MewmError of @mewm/contracts.
 */
import { MewmError, type ErrorCode } from '@mewm/contracts';

export type SurvivalErrorCode = Extract<ErrorCode, 'SURVIVAL_INPUT' | 'SURVIVAL_COLLINEAR' | 'SURVIVAL_CONVERGENCE' | 'SURVIVAL_MODEL'>;

/** Base of the survival package's errors (the shared MewmError with one of its codes). */
export class SurvivalError extends MewmError {
  declare readonly code: SurvivalErrorCode;
  // eslint-disable-next-line @typescript-eslint/no-useless-constructor -- narrows the accepted codes to the survival package's
  constructor(code: SurvivalErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** An argument is missing, mis-sized, non-finite or out of range (`argument` names it). */
export class SurvivalInputError extends SurvivalError {
  readonly argument: string;
  constructor(argument: string, message: string) {
    super('SURVIVAL_INPUT', `${argument}: ${message}`);
    this.argument = argument;
  }
}

/**
 * Covariates that are constant or linear combinations of others. R's coxph returns NA for such
 * ("aliased") coefficients; we refuse to fit and name them instead.
 */
export class CollinearityError extends SurvivalError {
  /** The covariates that cannot be estimated, followed by those they depend on. */
  readonly covariates: readonly string[];
  constructor(covariates: readonly string[], message: string) {
    super('SURVIVAL_COLLINEAR', message);
    this.covariates = covariates;
  }
}

/**
 * The Cox Newton-Raphson did not converge (iteration limit), the information matrix became
 * singular, or the likelihood is monotone (a coefficient heads to +-infinity; R only warns
 * "Loglik converged before variable ...; coefficient may be infinite").
 */
export class ConvergenceError extends SurvivalError {
  /** 'iteration-limit' | 'infinite-coefficient' | 'singular-information' */
  readonly reason: 'iteration-limit' | 'infinite-coefficient' | 'singular-information';
  /** Covariates concerned (for 'infinite-coefficient'); empty otherwise. */
  readonly covariates: readonly string[];
  readonly iterations: number;
  constructor(
    reason: ConvergenceError['reason'],
    message: string,
    details: { covariates?: readonly string[]; iterations: number },
  ) {
    super('SURVIVAL_CONVERGENCE', message);
    this.reason = reason;
    this.covariates = details.covariates ?? [];
    this.iterations = details.iterations;
  }
}

/**
 * A risk model file and its card disagree (sha256, input/output names, dtypes or shapes, times),
 * or the card is not a survival-risk card this package can use. `part` names what disagrees.
 */
export class RiskModelError extends SurvivalError {
  readonly part: string;
  constructor(part: string, message: string) {
    super('SURVIVAL_MODEL', `${part}: ${message}`);
    this.part = part;
  }
}
