/**
 * Typed errors of @mewm/models, on the shared MewmError base of @mewm/contracts (recognised by
 * `code`, never by class). Messages name what disagrees (the card field, the tensor, the model id)
 * and never hold tensor values or patient data.
 */
import { MewmError, type ErrorCode } from '@mewm/contracts';

export type ModelsErrorCode = Extract<ErrorCode, 'MODEL_CARD' | 'MODEL_INPUT' | 'SESSION_STATE' | 'MODEL_GRAPH' | 'MODEL_UNKNOWN'>;

/** Base of the model registry's errors. */
export class ModelsError extends MewmError {
  declare readonly code: ModelsErrorCode;
  // eslint-disable-next-line @typescript-eslint/no-useless-constructor -- narrows `code` to this package's codes
  constructor(code: ModelsErrorCode, message: string) {
    super(code, message);
  }
}

/**
 * A model card is missing, malformed, or disagrees with the model file it describes (sha256, I/O
 * signature) or with the code that reads it. `field` names the card field that disagrees when there
 * is one (e.g. 'onnx.sha256', 'inputs', 'covariateSources.age').
 */
export class ModelCardError extends ModelsError {
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super('MODEL_CARD', message);
    this.field = field;
  }
}

/** A model was called with inputs outside its contract (feeds of the wrong dtype or shape, a bad option, ...). */
export class ModelInputError extends ModelsError {
  constructor(message: string) {
    super('MODEL_INPUT', message);
  }
}

/** A model session used in a state that forbids it (e.g. `run` after `dispose`). */
export class SessionStateError extends ModelsError {
  constructor(message: string) {
    super('SESSION_STATE', message);
  }
}

/** An ONNX file whose graph cannot be read or analysed (malformed protobuf, shapes that do not resolve). */
export class OnnxGraphError extends ModelsError {
  constructor(message: string) {
    super('MODEL_GRAPH', message);
  }
}

/** A model id that the manifest does not list (`id` names it; the message lists the known ids). */
export class UnknownModelError extends ModelsError {
  readonly id: string;
  constructor(id: string, message: string) {
    super('MODEL_UNKNOWN', message);
    this.id = id;
  }
}
