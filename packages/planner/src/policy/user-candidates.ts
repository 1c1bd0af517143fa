/**
 * `userCandidates`: candidates the user gives (`mewm plan --candidates <json>`, the web form), parsed
 * with the world model's `resolveProtocol`. Accepts a JSON array (text or already parsed) whose
 * entries are:
 *   - a preset name, or presets joined with '+' ("ctace-epirubicin-lipiodol+sorafenib");
 *   - a protocol object ({ name?, components, followUpDays? });
 *   - { name?, protocol: <preset name | protocol object> } to name a candidate.
 * A bad entry throws UserCandidateError naming its index and the reason.
 */
import {
  PRESET_NAMES, PRESETS, ProtocolConflictError, ProtocolValidationError, resolveProtocol, type Protocol,
} from '@mewm/world-model';
import type { Candidate, Policy, PolicyProposal } from '../plan/contracts.ts';
import { PlannerInputError } from '../errors.ts';

export type UserCandidateErrorReason = 'not-json' | 'not-an-array' | 'empty' | 'bad-entry' | 'unknown-preset' | 'conflict' | 'invalid-protocol' | 'duplicate-name';

/** A user candidate that cannot be used; `index` is its position in the array (null for the whole input). */
export class UserCandidateError extends PlannerInputError {
  readonly index: number | null;
  readonly reason: UserCandidateErrorReason;
  constructor(index: number | null, reason: UserCandidateErrorReason, message: string, options?: { cause?: unknown }) {
    super(index === null ? 'candidates' : `candidates[${index}]`, message, options);
    this.index = index;
    this.reason = reason;
  }
}

const MAX_NAME_LENGTH = 120;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unknownPresets(text: string): string[] {
  if (text.trim().startsWith('{')) return [];
  return text.split('+').map((s) => s.trim()).filter((s) => !PRESETS[s]);
}

function resolveEntry(index: number, spec: unknown): Protocol {
  if (typeof spec === 'string') {
    const unknown = unknownPresets(spec);
    if (unknown.length > 0) {
      throw new UserCandidateError(index, 'unknown-preset', `unknown preset ${unknown.map((u) => `"${u}"`).join(', ')}; presets: ${PRESET_NAMES.join(', ')} (combine with '+', or give a protocol object)`);
    }
  } else if (!isRecord(spec)) {
    throw new UserCandidateError(index, 'bad-entry', `must be a preset name or a protocol object, got ${spec === null ? 'null' : Array.isArray(spec) ? 'an array' : typeof spec}`);
  }
  try {
    return resolveProtocol(spec);
  } catch (e) {
    if (e instanceof ProtocolConflictError) throw new UserCandidateError(index, 'conflict', e.message, { cause: e });
    if (e instanceof ProtocolValidationError) throw new UserCandidateError(index, 'invalid-protocol', e.message, { cause: e });
    throw e;
  }
}

/** Parse user candidates; names default to the entry's name, the protocol's name, or `user-<n>`. */
export function userCandidates(json: unknown): Candidate[] {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (e) {
      throw new UserCandidateError(null, 'not-json', `does not parse as JSON: ${(e as Error).message}`, { cause: e });
    }
  }
  if (!Array.isArray(value)) {
    throw new UserCandidateError(null, 'not-an-array', `must be a JSON array of preset names or protocol objects, got ${value === null ? 'null' : typeof value}`);
  }
  if (value.length === 0) throw new UserCandidateError(null, 'empty', 'is an empty array; give at least one preset name or protocol');
  const names = new Map<string, number>();
  return value.map((entry: unknown, index): Candidate => {
    let givenName: unknown;
    let spec: unknown = entry;
    if (isRecord(entry) && 'protocol' in entry) {
      const extra = Object.keys(entry).filter((k) => k !== 'protocol' && k !== 'name');
      if (extra.length > 0) throw new UserCandidateError(index, 'bad-entry', `unknown field(s) ${extra.join(', ')}; allowed: name, protocol`);
      givenName = entry.name;
      spec = entry.protocol;
    }
    if (givenName !== undefined && (typeof givenName !== 'string' || givenName.trim().length === 0 || givenName.length > MAX_NAME_LENGTH)) {
      throw new UserCandidateError(index, 'bad-entry', `name must be a non-empty string of at most ${MAX_NAME_LENGTH} characters`);
    }
    const protocol = resolveEntry(index, spec);
    const name = givenName?.trim() ?? protocol.name ?? `user-${index + 1}`;
    const earlier = names.get(name);
    if (earlier !== undefined) {
      throw new UserCandidateError(index, 'duplicate-name', `name "${name}" is already used by candidates[${earlier}]; names must be unique`);
    }
    names.set(name, index);
    return { name, protocol: { ...protocol, name }, source: 'user', rationale: `given by the user (candidates[${index}])` };
  });
}

/** A Policy that proposes fixed candidates (the user's), so they combine with the others. */
export function fixedCandidatesPolicy(candidates: readonly Candidate[], name = 'user'): Policy {
  const list = [...candidates];
  return {
    name,
    propose(): Promise<PolicyProposal> {
      return Promise.resolve({ candidates: list, summary: { policy: name, candidates: list.map((c) => c.name) } });
    },
  };
}
