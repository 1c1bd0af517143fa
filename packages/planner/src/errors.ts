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
