/**
 * What is wrong with a protocol, as data: each problem names the field (a path into the protocol
 * input, e.g. "components[1].drugs" or "followUpDays"), says why for people, and has the code of the
 * typed error it would be thrown as (`ProtocolValidationError` or `ProtocolConflictError`). Editors
 * show the whole list while the user types; `parseProtocol` throws.
 */
import { ProtocolConflictError, ProtocolValidationError } from '../errors.ts';
import type { Protocol } from './protocol-schema.ts';

export type ProtocolProblemCode = 'PROTOCOL_INVALID' | 'PROTOCOL_CONFLICT';

export interface ProtocolProblem {
  /**
   * A path into the protocol input ("components[0].drugs[1]", "followUpDays"), "(protocol)" for the
   * whole object, "json" for JSON text that does not parse, "preset" for unknown preset names.
   */
  field: string;
  code: ProtocolProblemCode;
  /** Why, for people: the value, the rule or the allowed range (a rule's message is a whole sentence). */
  message: string;
  /** For conflicts: the conflicting items (e.g. ['oxaliplatin', 'cisplatin']); empty otherwise. */
  conflicting: readonly string[];
}

/** A protocol checked without throwing: the validated protocol, or every problem found. */
export type ProtocolCheck = { ok: true; protocol: Protocol } | { ok: false; problems: ProtocolProblem[] };

export function invalidProblem(field: string, message: string): ProtocolProblem {
  return { field, code: 'PROTOCOL_INVALID', message, conflicting: [] };
}

export function conflictProblem(field: string, message: string, conflicting: readonly string[]): ProtocolProblem {
  return { field, code: 'PROTOCOL_CONFLICT', message, conflicting };
}

/** The typed error a problem is thrown as. */
export function problemError(p: ProtocolProblem): ProtocolConflictError | ProtocolValidationError {
  return p.code === 'PROTOCOL_CONFLICT' ? new ProtocolConflictError(p.message, p.conflicting) : new ProtocolValidationError(p.message);
}
