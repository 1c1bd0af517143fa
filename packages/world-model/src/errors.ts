/**
 * Typed errors of @mewm/world-model, on the shared MewmError base of @mewm/contracts; every error carries a stable `code` that callers (CLI, tRPC routers)
 * map to exit codes or HTTP statuses. Messages name the argument and the allowed range; they never
 * contain patient data.
 */
import { MewmError, type ErrorCode } from '@mewm/contracts';

/**
 * The model errors (a card that disagrees with its file, feeds outside a model's contract, a session
 * used after dispose, an unreadable ONNX graph) are the model registry's: one class each, shared.
 */
export { ModelCardError, ModelInputError, OnnxGraphError, SessionStateError } from '@mewm/models';

export type WorldModelErrorCode = Extract<ErrorCode,
  'PROTOCOL_CONFLICT' | 'PROTOCOL_INVALID' | 'MODEL_INPUT' | 'MODEL_CARD' | 'DYNAMICS_INPUT' | 'SESSION_STATE' | 'MODEL_GRAPH' | 'EVALUATION_INPUT'>;

/** Base of the world model's errors (the shared MewmError with one of the world model's codes). */
export class WorldModelError extends MewmError {
  declare readonly code: WorldModelErrorCode;
  // eslint-disable-next-line @typescript-eslint/no-useless-constructor -- narrows `code` to this package's codes
  constructor(code: WorldModelErrorCode, message: string) {
    super(code, message);
  }
}

/** Two parts of a protocol that cannot be given together (e.g. two platinum agents in one TACE). */
export class ProtocolConflictError extends WorldModelError {
  /** The conflicting items, e.g. ['oxaliplatin', 'cisplatin']. */
  readonly conflicting: readonly string[];
  constructor(message: string, conflicting: readonly string[] = []) {
    super('PROTOCOL_CONFLICT', message);
    this.conflicting = conflicting;
  }
}

/** A protocol that does not match the schema (unknown agent, value out of range, missing field). */
export class ProtocolValidationError extends WorldModelError {
  constructor(message: string) {
    super('PROTOCOL_INVALID', message);
  }
}

/** The spatial dynamics got inputs it cannot use (empty mask, grid mismatch, lesion at the edge, ...). */
export class DynamicsInputError extends WorldModelError {
  constructor(message: string) {
    super('DYNAMICS_INPUT', message);
  }
}

/**
 * A resection plan got inputs it cannot use (masks on different grids, an empty liver, a targeted lesion
 * outside the liver, a margin out of range). The code is the dynamics' input code: same HTTP/exit mapping.
 */
export class ResectionInputError extends WorldModelError {
  constructor(message: string) {
    super('DYNAMICS_INPUT', message);
  }
}

/** The renderer evaluation got inputs it cannot use (empty regions mask, grid mismatch, maxRegions < 1, ...). */
export class EvaluationInputError extends WorldModelError {
  constructor(message: string) {
    super('EVALUATION_INPUT', message);
  }
}
