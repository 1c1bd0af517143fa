/** Reads dynamics parameters and remembers which ones a draw used (for LesionOutcome.parameterIds). */
import { parameterValue } from './dynamics-parameters.ts';

export interface ParameterReader {
  /** Value of parameter `id`; records the id as used. */
  (id: string): number;
  /** Ids read so far, in first-use order. */
  readonly used: () => string[];
}

export function createParameterReader(): ParameterReader {
  const used = new Set<string>();
  const read = ((id: string) => {
    const v = parameterValue(id);
    used.add(id);
    return v;
  }) as ParameterReader;
  Object.defineProperty(read, 'used', { value: () => [...used] });
  return read;
}
