/**
 * `parseProtocol`: unknown input (parsed JSON, a form, a CLI argument) → a validated Protocol, or a
 * typed error whose message names the field, the offending value and what is allowed.
 */
import type { z } from 'zod';
import { ProtocolValidationError } from '../errors.ts';
import { checkProtocolRules } from './protocol-rules.ts';
import { ProtocolSchema, type Protocol } from './protocol-schema.ts';

/**
 * Validate `input` against the protocol schema and the conflict rules. Fills defaults
 * (followUpDays 90, ablation margin 5 mm, resection margin 10 mm).
 * @throws ProtocolValidationError (schema, ranges, unknown agents) or ProtocolConflictError.
 */
export function parseProtocol(input: unknown): Protocol {
  const result = ProtocolSchema.safeParse(input, { reportInput: true });
  if (!result.success) {
    throw new ProtocolValidationError(`invalid protocol: ${result.error.issues.map(describeIssue).join('; ')}`);
  }
  checkProtocolRules(result.data);
  return result.data;
}

function pathOf(path: ReadonlyArray<PropertyKey>): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : `${s ? '.' : ''}${String(p)}`;
  return s || '(protocol)';
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = pathOf(issue.path);
  let input = 'input' in issue ? issue.input : undefined;
  if (issue.code === 'invalid_union' && typeof input === 'object' && input !== null && 'modality' in input) input = input.modality;
  const got = input !== undefined ? ` (got ${showInput(input)})` : '';
  switch (issue.code) {
    case 'invalid_value':
      return `${where}: unknown value${got}; allowed: ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      if ('options' in issue && Array.isArray(issue.options)) {
        return `${where}: unknown modality${got}; allowed: ${issue.options.map(String).join(', ')}`;
      }
      return `${where}: ${issue.message}${got}`;
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? `at least ${String(issue.minimum)}` : `at most ${String(issue.maximum)}`;
      const unit = issue.origin === 'array' ? ' entries' : '';
      const hint = where === 'followUpDays' ? ' (follow-up is 1–1826 days: more than 0, at most 5 years)' : '';
      return `${where}: must be ${bound}${unit}${got}${hint}`;
    }
    case 'unrecognized_keys':
      return `${where}: unknown field(s) ${issue.keys.join(', ')}`;
    default:
      return `${where}: ${issue.message}${got}`;
  }
}

function showInput(v: unknown): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
