/**
 * Shape helpers shared by feed validation and the session signature check. A shape is a list of
 * dims; a dim is a fixed size or a symbolic name (any size ≥ 1, the same size wherever the same name
 * appears in one call).
 */
import type { TensorSpec } from '../card/card-base.ts';

export type Dim = number | string;

/** "float32 [1, 3, 32, 32, 32]" — how shapes appear in messages (never values). */
export function describeTensor(dtype: string, shape: readonly Dim[]): string {
  return `${dtype} [${shape.join(', ')}]`;
}

/** The spec with symbolic dims resolved from `bindings`; unresolved names stay symbolic. */
export function resolvedShape(spec: TensorSpec, bindings: ReadonlyMap<string, number>): Dim[] {
  return spec.shape.map((d) => (typeof d === 'string' ? (bindings.get(d) ?? d) : d));
}

/**
 * Match concrete dims against a spec shape, binding symbolic names in `bindings` (mutated).
 * Returns false on a rank mismatch, a fixed-size mismatch or a symbol bound to another size.
 */
export function matchShape(spec: readonly Dim[], dims: readonly number[], bindings: Map<string, number>): boolean {
  if (spec.length !== dims.length) return false;
  for (let i = 0; i < spec.length; i++) {
    const want = spec[i]!;
    const got = dims[i]!;
    if (typeof want === 'number') {
      if (want !== got) return false;
    } else {
      const bound = bindings.get(want);
      if (bound === undefined) bindings.set(want, got);
      else if (bound !== got) return false;
    }
  }
  return true;
}
