/**
 * Check feeds (or outputs) against the card's declared tensors BEFORE onnxruntime sees them, so a
 * wrong call fails with a message that lists expected vs got — dtypes and shapes only, never values.
 */
import { ModelInputError } from '../errors.ts';
import type { TensorSpec } from '../card/card-base.ts';
import { describeTensor, matchShape, resolvedShape } from './tensor-shape.ts';

/** The parts of an onnxruntime Tensor the check reads. */
export interface TensorLike {
  readonly type: string;
  readonly dims: readonly number[];
}

/** Problems of `feeds` against `specs` (empty when they match): missing, unexpected, dtype, shape. */
export function feedProblems(specs: readonly TensorSpec[], feeds: Readonly<Record<string, TensorLike>>): string[] {
  const problems: string[] = [];
  const bindings = new Map<string, number>();
  for (const spec of specs) {
    const t = feeds[spec.name];
    if (!t) {
      problems.push(`'${spec.name}' missing (expected ${describeTensor(spec.dtype, spec.shape)})`);
      continue;
    }
    const shapeOk = matchShape(spec.shape, t.dims, bindings);
    if (t.type !== spec.dtype || !shapeOk) {
      problems.push(`'${spec.name}' expected ${describeTensor(spec.dtype, resolvedShape(spec, bindings))}, got ${describeTensor(t.type, t.dims)}`);
    }
  }
  const known = new Set(specs.map((s) => s.name));
  for (const name of Object.keys(feeds)) {
    if (!known.has(name)) problems.push(`unexpected '${name}' (the model takes ${[...known].map((n) => `'${n}'`).join(', ')})`);
  }
  return problems;
}

/** Throw ModelInputError listing every problem of the feeds of model `modelName`. */
export function validateFeeds(modelName: string, specs: readonly TensorSpec[], feeds: Readonly<Record<string, TensorLike>>): void {
  const problems = feedProblems(specs, feeds);
  if (problems.length > 0) throw new ModelInputError(`model ${modelName}: invalid feeds: ${problems.join('; ')}`);
}
