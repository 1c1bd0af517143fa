/** Options of the abdominal phantom outside their allowed range (the message names the option and the range). */
export class PhantomOptionsError extends Error {
  readonly code = 'PHANTOM_OPTIONS' as const;
  constructor(message: string) {
    super(message);
    this.name = 'PhantomOptionsError';
  }
}
