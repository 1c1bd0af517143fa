/** Reads dynamics parameters and remembers which ones a draw used (for LesionOutcome.parameterIds). */
import { ModelInputError } from '../errors.ts';
import { parameterValue } from './dynamics-parameters.ts';

/** Values that replace the card's for one run (a calibration fold); each id must be a dynamics parameter. */
export type ParameterOverrides = ReadonlyMap<string, number>;

export interface ParameterReader {
  /** Value of parameter `id`; records the id as used. */
  (id: string): number;
  /** Ids read so far, in first-use order. */
  readonly used: () => string[];
}

/**
 * @param overrides values used instead of the card's (calibration folds).
 * @throws ModelInputError for an override of an unknown id or a non-finite value.
 */
export function createParameterReader(overrides?: ParameterOverrides): ParameterReader {
  for (const [id, v] of overrides ?? []) {
    try {
      parameterValue(id);
    } catch {
      throw new ModelInputError(`parameter override "${id}" is not a dynamics parameter`);
    }
    if (!Number.isFinite(v)) throw new ModelInputError(`parameter override "${id}" must be a finite number, got ${v}`);
  }
  const used = new Set<string>();
  const read = ((id: string) => {
    const v = overrides?.get(id) ?? parameterValue(id);
    used.add(id);
    return v;
  }) as ParameterReader;
  Object.defineProperty(read, 'used', { value: () => [...used] });
  return read;
}
