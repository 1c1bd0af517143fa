/**
 * `resolveProtocol`: what a user typed (`--protocol`) → a validated Protocol. Accepts a preset name,
 * presets joined with '+' (their components combined, e.g. "ctace-epirubicin-lipiodol+sorafenib"),
 * a JSON string, or an object.
 */
import { ProtocolValidationError } from '../errors.ts';
import { parseProtocol } from './parse-protocol.ts';
import { PRESET_NAMES, PRESETS, presetComponents, type ComponentInput } from './presets.ts';
import type { Protocol } from './protocol-schema.ts';

/**
 * @param presetNameOrJson preset name, 'a+b' preset combination, JSON text, or a protocol object.
 * @throws ProtocolValidationError (unknown preset with the list of presets, bad JSON, schema) or
 *   ProtocolConflictError (e.g. two systemic regimens combined).
 */
export function resolveProtocol(presetNameOrJson: string | object): Protocol {
  if (typeof presetNameOrJson !== 'string') {
    if (presetNameOrJson === null) throw new ProtocolValidationError('protocol must be a preset name, JSON text or an object, got null');
    return parseProtocol(presetNameOrJson);
  }
  const text = presetNameOrJson.trim();
  if (text.length === 0) throw new ProtocolValidationError(`protocol is empty; presets: ${PRESET_NAMES.join(', ')}`);
  if (text.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new ProtocolValidationError(`protocol JSON does not parse: ${(e as Error).message}`);
    }
    return parseProtocol(value);
  }
  if (PRESETS[text]) return parseProtocol(PRESETS[text]);
  const parts = text.split('+').map((s) => s.trim());
  const components: ComponentInput[] = [];
  for (const part of parts) {
    const c = presetComponents(part);
    if (!c) {
      throw new ProtocolValidationError(`unknown protocol preset "${part}"; presets: ${PRESET_NAMES.join(', ')} (combine with '+', or pass JSON)`);
    }
    components.push(...c);
  }
  return parseProtocol({ name: text, components });
}
