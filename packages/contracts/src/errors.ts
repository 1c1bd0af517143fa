/**
 * One error base for every package, with stable codes. An error crosses package, module-instance
 * and process boundaries by its `code` (a string), never by its class: the CLI picks its exit code,
 * the web app its HTTP status, and the plan worker what it may tell the server, from the code's kind.
 *
 * Messages are for people: they name the argument and the allowed range, and never hold patient
 * identifiers, pixel values or upload paths.
 */

/**
 * What a caller does with an error of this kind:
 * - `input`: the input was rejected (the message is for the user; CLI exit 1, HTTP 400);
 * - `not-found` / `conflict` / `too-large`: HTTP 404 / 409 / 413;
 * - `busy`: the server is at its limit of concurrent work; try again later (HTTP 429 with Retry-After);
 * - `usage`: a command line that cannot be parsed (CLI exit 2);
 * - `model`: a model file or card that does not match its contract (a deployment fault; CLI exit 1);
 * - `internal`: a fault of ours (a state that should not happen, a write that failed).
 */
export type ErrorKind = 'input' | 'not-found' | 'conflict' | 'too-large' | 'busy' | 'usage' | 'model' | 'internal';

/** Every code any package throws, with its kind. Adding a code is one line here. */
export const ERROR_CODES = {
  // @mewm/dicom: reading CT and masks
  DICOM_PARSE: 'input',
  DICOM_UNSUPPORTED: 'input',
  SERIES_GEOMETRY: 'input',
  NIFTI_PARSE: 'input',
  ARCHIVE: 'input',
  INPUT_TOO_LARGE: 'too-large',
  INPUT: 'input',
  MASK_GRID: 'input',
  VOLUME_SHAPE: 'input',
  SEGMENTATION: 'input',
  DEIDENTIFICATION: 'input',
  // a DICOMweb server (PACS) that cannot be reached or refuses a request
  DICOMWEB: 'input',
  // @mewm/world-model: protocols, dynamics, renderer
  PROTOCOL_CONFLICT: 'input',
  PROTOCOL_INVALID: 'input',
  MODEL_INPUT: 'input',
  DYNAMICS_INPUT: 'input',
  EVALUATION_INPUT: 'input',
  MODEL_CARD: 'model',
  MODEL_GRAPH: 'model',
  SESSION_STATE: 'internal',
  // @mewm/models: the model registry (a model id the manifest does not list)
  MODEL_UNKNOWN: 'input',
  // @mewm/survival: statistics and risk models
  SURVIVAL_INPUT: 'input',
  SURVIVAL_COLLINEAR: 'input',
  SURVIVAL_CONVERGENCE: 'input',
  SURVIVAL_MODEL: 'model',
  // @mewm/planner: plans, reports, the phantom, the CLI
  PLAN_REQUEST: 'input',
  // a protocol the plan's disease's risk model has no treatment term for
  NO_RISK_TERM: 'input',
  REPORT_INPUT: 'input',
  REPORT_WRITE: 'internal',
  PHANTOM_OPTIONS: 'input',
  USAGE: 'usage',
  // apps/web
  NOT_FOUND: 'not-found',
  UPLOAD_TOO_LARGE: 'too-large',
  BAD_UPLOAD: 'input',
  BAD_INPUT: 'input',
  CONFLICT: 'conflict',
  BUSY: 'busy',
  DB_COLUMN: 'internal',
} as const satisfies Record<string, ErrorKind>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Base class of every typed error: `code` is stable and machine-readable, `message` is for people. */
export class MewmError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }

  get kind(): ErrorKind {
    return ERROR_CODES[this.code];
  }
}

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

/**
 * The code of a typed error, also of one thrown by another copy of this module (another loader,
 * another process that rebuilt it): anything with a known `code` property. Undefined otherwise.
 */
export function errorCodeOf(e: unknown): ErrorCode | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const { code } = e as { code?: unknown };
  return isErrorCode(code) ? code : undefined;
}

/** The kind of a typed error (see `errorCodeOf`); undefined for anything untyped. */
export function errorKindOf(e: unknown): ErrorKind | undefined {
  const code = errorCodeOf(e);
  return code === undefined ? undefined : ERROR_CODES[code];
}

/** A typed error whose message is written for the user: it names what was wrong with the input. */
export function isInputError(e: unknown): boolean {
  return errorKindOf(e) === 'input';
}
