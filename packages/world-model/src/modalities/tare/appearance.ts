/**
 * What follow-up CT shows after Y-90 radioembolisation: the responding tumour becomes non-enhancing
 * necrosis (no Lipiodol: none is given, unlike cTACE, so no dense deposits),
 * and the treated parenchyma around it shows radiation-induced change. Both reuse the existing tissue
 * states (`necrosis`, `radiationChange`), drawn by the spatial dynamics from `radiationShellMm`.
 */
import type { Rng } from '../../random.ts';
import type { ParameterReader } from '../../outcome/parameter-reader.ts';
import { uniform } from '../../outcome/sample-helpers.ts';
import type { AppearanceFields } from '../modality-definition.ts';

export function tareAppearance(rng: Rng, read: ParameterReader): AppearanceFields {
  const mean = read('tare.radiationChangeMm');
  return { radiationShellMm: uniform(rng.fork('tare-radiation-change'), mean - 3, mean + 3) };
}
