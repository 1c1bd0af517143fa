/**
 * `parseProtocol`: unknown input (parsed JSON, a form, a CLI argument) → a validated Protocol, or a
 * typed error whose message names the field, the offending value and what is allowed.
 * `checkProtocol` is the same validation without throwing: the protocol, or every problem found
 * (for editors that explain all of them while the user types).
 */
import type { z } from 'zod';
import { ProtocolValidationError } from '../errors.ts';
import { invalidProblem, type ProtocolCheck, type ProtocolProblem } from './protocol-problem.ts';
import { checkProtocolRules, protocolRuleProblems } from './protocol-rules.ts';
import { ProtocolSchema, type Protocol } from './protocol-schema.ts';

type SchemaResult = { ok: true; protocol: Protocol } | { ok: false; problems: ProtocolProblem[] };

function checkSchema(input: unknown): SchemaResult {
  const result = ProtocolSchema.safeParse(input, { reportInput: true });
  return result.success ? { ok: true, protocol: result.data } : { ok: false, problems: result.error.issues.map(describeIssue) };
}

/**
 * Validate `input` against the protocol schema and, when it matches, the conflict rules, collecting
 * every problem (each naming its field) instead of throwing. Fills defaults as `parseProtocol` does.
 */
export function checkProtocol(input: unknown): ProtocolCheck {
  const schema = checkSchema(input);
  if (!schema.ok) return schema;
  const problems = protocolRuleProblems(schema.protocol);
  return problems.length === 0 ? schema : { ok: false, problems };
}

/**
 * Validate `input` against the protocol schema and the conflict rules. Fills defaults
 * (followUpDays 90, ablation margin 5 mm, resection margin 10 mm).
 * @throws ProtocolValidationError (schema, ranges, unknown agents: every schema problem in one
 *   message) or the first rule broken (ProtocolConflictError or ProtocolValidationError).
 */
export function parseProtocol(input: unknown): Protocol {
  const schema = checkSchema(input);
  if (!schema.ok) {
    throw new ProtocolValidationError(`invalid protocol: ${schema.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
  }
  checkProtocolRules(schema.protocol);
  return schema.protocol;
}

function pathOf(path: ReadonlyArray<PropertyKey>): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : `${s ? '.' : ''}${String(p)}`;
  return s || '(protocol)';
}

function describeIssue(issue: z.core.$ZodIssue): ProtocolProblem {
  const where = pathOf(issue.path);
  return invalidProblem(where, issueMessage(issue, where));
}

function issueMessage(issue: z.core.$ZodIssue, where: string): string {
  let input = 'input' in issue ? issue.input : undefined;
  if (issue.code === 'invalid_union' && typeof input === 'object' && input !== null && 'modality' in input) input = input.modality;
  const got = input !== undefined ? ` (got ${showInput(input)})` : '';
  switch (issue.code) {
    case 'invalid_value':
      return `unknown value${got}; allowed: ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      if ('options' in issue && Array.isArray(issue.options)) {
        return `unknown modality${got}; allowed: ${issue.options.map(String).join(', ')}`;
      }
      return `${issue.message}${got}`;
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? `at least ${String(issue.minimum)}` : `at most ${String(issue.maximum)}`;
      const unit = issue.origin === 'array' ? ' entries' : '';
      const hint = where === 'followUpDays' ? ' (follow-up is 1–1826 days: more than 0, at most 5 years)' : '';
      return `must be ${bound}${unit}${got}${hint}`;
    }
    case 'unrecognized_keys':
      return `unknown field(s) ${issue.keys.join(', ')}`;
    default:
      return `${issue.message}${got}`;
  }
}

function showInput(v: unknown): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
