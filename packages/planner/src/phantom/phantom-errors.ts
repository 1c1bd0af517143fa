import { MewmError } from '@mewm/contracts';

/** Options of the abdominal phantom outside their allowed range (the message names the option and the range). */
export class PhantomOptionsError extends MewmError {
  declare readonly code: 'PHANTOM_OPTIONS';
  constructor(message: string) {
    super('PHANTOM_OPTIONS', message);
  }
}
