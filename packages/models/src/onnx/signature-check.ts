/**
 * Compare the I/O signature an ONNX session reports with the one its model card declares. Names
 * must match as sets; where onnxruntime exposes tensor metadata, dtypes must match and shapes must
 * agree dim by dim. A card may fix a dim the model leaves symbolic (the card narrows the contract),
 * but not the other way round (the card would promise sizes the model cannot take).
 */
import type { TensorSpec } from '../card/card-base.ts';
import { describeTensor } from './tensor-shape.ts';

/** Session-side metadata, as onnxruntime-node's `inputMetadata` / `outputMetadata` entries. */
export type SessionValueMetadata =
  | { readonly name: string; readonly isTensor: false }
  | { readonly name: string; readonly isTensor: true; readonly type: string; readonly shape: ReadonlyArray<number | string> };

/** Mismatches between a card's tensors and a session's (empty when they agree). `side`: 'input' | 'output'. */
export function signatureProblems(side: 'input' | 'output', card: readonly TensorSpec[], session: readonly SessionValueMetadata[]): string[] {
  const problems: string[] = [];
  const byName = new Map(session.map((m) => [m.name, m]));
  for (const spec of card) {
    const m = byName.get(spec.name);
    if (!m) {
      problems.push(`${side} '${spec.name}' is in the card but not in the model (model ${side}s: ${session.map((s) => `'${s.name}'`).join(', ')})`);
      continue;
    }
    if (!m.isTensor) {
      problems.push(`${side} '${spec.name}' is not a tensor in the model`);
      continue;
    }
    if (m.type !== spec.dtype || !shapesAgree(spec.shape, m.shape)) {
      problems.push(`${side} '${spec.name}': card ${describeTensor(spec.dtype, spec.shape)}, model ${describeTensor(m.type, m.shape)}`);
    }
  }
  const declared = new Set(card.map((s) => s.name));
  for (const m of session) {
    if (!declared.has(m.name)) problems.push(`${side} '${m.name}' is in the model but not in the card`);
  }
  return problems;
}

/** An empty model shape means "unknown": nothing to compare. Negative model dims are unknown too. */
function shapesAgree(card: readonly (number | string)[], model: ReadonlyArray<number | string>): boolean {
  if (model.length === 0) return true;
  if (model.length !== card.length) return false;
  return card.every((c, i) => {
    const m = model[i]!;
    if (typeof m === 'string' || m < 0) return true;
    return c === m;
  });
}
