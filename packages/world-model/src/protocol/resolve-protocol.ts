/**
 * `resolveProtocol`: what a user typed (`--protocol`, a web form) → a validated Protocol. Accepts a
 * preset name, presets joined with '+' (their components combined, e.g. "ctace-epirubicin-lipiodol+sorafenib"),
 * a JSON string, or an object. `checkProtocolSpec` is the same without throwing: the protocol, or
 * every problem found (text that is neither JSON nor preset names is one problem, field "json" or "preset").
 */
import { ProtocolValidationError } from '../errors.ts';
import { checkProtocol, parseProtocol } from './parse-protocol.ts';
import { PRESET_NAMES, PRESETS, presetComponents, type ComponentInput } from './presets.ts';
import { invalidProblem, type ProtocolCheck, type ProtocolProblem } from './protocol-problem.ts';
import type { Protocol } from './protocol-schema.ts';

type SpecInput = { ok: true; input: unknown } | { ok: false; problem: ProtocolProblem };

/** Preset name, 'a+b' combination, JSON text or object → the protocol input it stands for (not yet validated). */
function protocolInputOf(presetNameOrJson: string | object): SpecInput {
  if (typeof presetNameOrJson !== 'string') {
    if (presetNameOrJson === null) return { ok: false, problem: invalidProblem('(protocol)', 'protocol must be a preset name, JSON text or an object, got null') };
    return { ok: true, input: presetNameOrJson };
  }
  const text = presetNameOrJson.trim();
  if (text.length === 0) return { ok: false, problem: invalidProblem('preset', `protocol is empty; presets: ${PRESET_NAMES.join(', ')}`) };
  if (text.startsWith('{')) {
    try {
      return { ok: true, input: JSON.parse(text) as unknown };
    } catch (e) {
      return { ok: false, problem: invalidProblem('json', `protocol JSON does not parse: ${(e as Error).message}`) };
    }
  }
  if (PRESETS[text]) return { ok: true, input: PRESETS[text] };
  const parts = text.split('+').map((s) => s.trim());
  const components: ComponentInput[] = [];
  for (const part of parts) {
    const c = presetComponents(part);
    if (!c) {
      return {
        ok: false,
        problem: invalidProblem('preset', `unknown protocol preset "${part}"; presets: ${PRESET_NAMES.join(', ')} (combine with '+', or pass JSON)`),
      };
    }
    components.push(...c);
  }
  return { ok: true, input: { name: text, components } };
}

/**
 * @param presetNameOrJson preset name, 'a+b' preset combination, JSON text, or a protocol object.
 * @throws ProtocolValidationError (unknown preset with the list of presets, bad JSON, schema) or
 *   ProtocolConflictError (e.g. two systemic regimens combined).
 */
export function resolveProtocol(presetNameOrJson: string | object): Protocol {
  const spec = protocolInputOf(presetNameOrJson);
  if (!spec.ok) throw new ProtocolValidationError(spec.problem.message);
  return parseProtocol(spec.input);
}

/** `resolveProtocol` without throwing: the validated protocol, or every problem, each naming its field. */
export function checkProtocolSpec(presetNameOrJson: string | object): ProtocolCheck {
  const spec = protocolInputOf(presetNameOrJson);
  return spec.ok ? checkProtocol(spec.input) : { ok: false, problems: [spec.problem] };
}
