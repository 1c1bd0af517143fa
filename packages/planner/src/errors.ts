/**
 * Typed errors of @mewm/planner. `PlannerInputError` extends the shared `MewmError` of @mewm/contracts (code 'INPUT')
 * and names the argument at fault (`argument`, e.g. `candidates[2]`, `state.lesions`, `--policy`);
 * messages say what is allowed and never contain patient identifiers or pixel values.
 */
import { MewmError } from '@mewm/contracts';

/** An argument the planner cannot use: `argument` names it, the message says why and what is allowed. */
export class PlannerInputError extends MewmError {
  readonly argument: string;
  constructor(argument: string, message: string, options?: { cause?: unknown }) {
    super('INPUT', `${argument}: ${message}`, options);
    this.argument = argument;
  }
}

/**
 * The risk model of the plan's disease has no treatment term for a protocol (e.g. TACE for colorectal
 * liver metastases, or a model given with --risk-model that lacks the term): raised before anything
 * is simulated. `disease` and `protocol` (its description) name what was asked.
 */
export class NoRiskTermError extends MewmError {
  readonly disease: string;
  readonly protocol: string;
  constructor(disease: string, protocol: string, message: string) {
    super('NO_RISK_TERM', message);
    this.disease = disease;
    this.protocol = protocol;
  }
}
