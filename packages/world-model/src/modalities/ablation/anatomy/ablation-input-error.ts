/** Inputs the ablation anatomy model cannot use; `field` names the argument. */
import { WorldModelError } from '../../../errors.ts';

export class AblationInputError extends WorldModelError {
  readonly field: string;
  constructor(field: string, message: string) {
    super('DYNAMICS_INPUT', `${field}: ${message}`);
    this.field = field;
  }
}
