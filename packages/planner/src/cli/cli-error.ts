import { MewmError } from '@mewm/contracts';

/** A command-line usage error: unknown flag, missing argument, malformed value. Exit code 2. */
export class CliUsageError extends MewmError {
  declare readonly code: 'USAGE';
  constructor(message: string) {
    super('USAGE', message);
  }
}
